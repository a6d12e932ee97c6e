#!/usr/bin/env bash
# Debian packages the tests need: Chromium for the browser tests, poppler-utils for reading PDFs,
# openssl for the local HTTPS server of the link-check test, Java and npm for the Nu Html Checker.
# Installs only what is missing, so a machine that has them is not touched.
set -euo pipefail

needed=()
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
command -v pdftotext >/dev/null 2>&1 || needed+=(poppler-utils)
command -v openssl >/dev/null 2>&1 || needed+=(openssl)
# The outside checkers (tests/test_outside_checkers.py): Java runs the Nu Html Checker, which npm installs.
command -v java >/dev/null 2>&1 || needed+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || needed+=(nodejs npm)
# The printed catalogue (WeasyPrint): Pango, and the fonts its stylesheet names (embedded in the PDF).
# `install-system-packages.sh pdf` (make site) installs only these.
[ "${1:-}" = "pdf" ] && needed=()
compgen -G "/usr/lib/*/libpangoft2-1.0.so.0" >/dev/null || needed+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep "Liberation Serif" >/dev/null || needed+=(fonts-liberation fontconfig)
[ ${#needed[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installerer Debian-pakker: ${needed[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${needed[@]}"
