"""The Pages workflow's gate before it deploys: exit 1, with a Danish message, while the catalogue has no
publisher (mkdocs.yml extra.publisher: email and url empty or placeholders; catalogue/settings.py). The site
builds and is tested without one; it is only not published.

    .venv/bin/python scripts/require_publisher.py [--config mkdocs.yml]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from catalogue.settings import load_publisher  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Afslut med 1, så længe kataloget ikke har en udgiver.")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", metavar="FILE")
    args = parser.parse_args(argv)
    warning = load_publisher(args.config).warning()
    if warning:
        print(f"{warning}\nUdgivelsen er stoppet: udfyld email og url i {args.config.name}.", file=sys.stderr)
        return 1
    print(f"Udgiveren er sat i {args.config.name}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
