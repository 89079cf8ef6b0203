#!/usr/bin/env bash
# Debian packages the printed yearly map needs, installed when missing (apt-get, as root only):
# fonts-noto-cjk (Chinese on the poster), poppler-utils (pdftotext/pdftoppm) and zbar-tools
# (zbarimg, which the tests decode the poster's QR codes with). Checked on every run, not only
# when chromium is missing. Without root it says what is missing and carries on.
set -euo pipefail
missing=()
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
[ "${#missing[@]}" -eq 0 ] && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing ${missing[*]} (apt-get, as root) for the printed poster..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Missing for the printed poster: ${missing[*]} (install as root: apt-get install ${missing[*]})" >&2
fi
