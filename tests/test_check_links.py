"""`check --links` against a real HTTPS server on localhost (never the network)."""

from __future__ import annotations

import http.server
import os
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalogue.settings import load_publisher

from .conftest import FIXTURES, run_cli


class Handler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:  # noqa: N802
        if self.path == "/kun-get":
            self.send_response(405)
        else:
            self.send_response(200 if self.path.startswith("/ok") else 404)
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        self.send_response(200 if self.path in ("/kun-get",) or self.path.startswith("/ok") else 404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def check_links(folder: Path, cert: Path) -> subprocess.CompletedProcess[str]:
    """`check --links`, trusting the test server's self-signed certificate."""
    return run_cli(
        "check", "--links", "--records", folder, cwd=folder.parent, env=dict(os.environ, SSL_CERT_FILE=str(cert))
    )


@pytest.fixture
def https_server(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], cert
    server.shutdown()


def test_dead_links_are_reported_with_file_line_and_field(tmp_path: Path, https_server: tuple[int, Path]) -> None:
    port, cert = https_server
    base = f"https://127.0.0.1:{port}"
    folder = tmp_path / "interventions"
    folder.mkdir()
    text = (FIXTURES / "eksempel.yaml").read_text(encoding="utf-8")
    for old, new in [
        ("https://example.org/kilde-1", f"{base}/ok/1"),
        ("https://example.org/kilde-2", f"{base}/findes-ikke"),
        ("https://example.org/forsoeg", f"{base}/kun-get"),
        ("https://example.org/cebc", f"{base}/ok/2"),
        ("https://www.retsinformation.dk/eli/lta/2025/282", f"{base}/ok/3"),
        ("https://example.org/udbyder", f"{base}/ok/4"),
        ("https://example.org/som", f"{base}/ok/5"),
    ]:
        text = text.replace(old, new)
    assert "example.org" not in text  # no request leaves this machine
    (folder / "eksempel.yaml").write_text(
        text.replace("  - andet-eksempel\n", "  []\n").replace("related:\n  []", "related: []"), encoding="utf-8"
    )
    result = check_links(folder, cert)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.splitlines() == [
        str(load_publisher().warning()),  # mkdocs.yml's publisher is a placeholder
        f"interventions/eksempel.yaml:83: sources[1].url: linket svarer med HTTP 404: {base}/findes-ikke",
        "1 fejl i 1 fil. Ret fejlene, og kør check igen.",
    ]


def test_all_links_answering(tmp_path: Path, https_server: tuple[int, Path]) -> None:
    port, cert = https_server
    folder = tmp_path / "interventions"
    folder.mkdir()
    text = (
        (FIXTURES / "andet-eksempel.yaml")
        .read_text(encoding="utf-8")
        .replace("https://example.org/", f"https://127.0.0.1:{port}/ok/")
    )
    (folder / "andet-eksempel.yaml").write_text(text, encoding="utf-8")
    result = check_links(folder, cert)
    assert (result.returncode, result.stdout) == (0, "Indsatsen er gyldig.\nAlle links svarer.\n"), result.stderr
