#!/usr/bin/env bash
# Installs the headless browser and Japanese fonts used for PDF rendering and browser tests,
# from Debian's packages (no browser download). Does nothing when they are already present.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] || need+=(fonts-noto-cjk)
# The TrueType gothic PDFs are printed in (Chromium embeds the CFF Noto CJK only as slow Type 3).
[ -d /usr/share/fonts/truetype/bizud-gothic ] || need+=(fonts-morisawa-bizud-gothic)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if [ ${#need[@]} -eq 0 ]; then
  echo "setup-chromium: chromium, fonts-noto-cjk, fonts-morisawa-bizud-gothic and poppler-utils are installed"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-chromium: missing ${need[*]}; install them with your system's package manager or set CHROMIUM_PATH" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "setup-chromium: installing ${need[*]} from Debian's packages"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
