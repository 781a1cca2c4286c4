#!/usr/bin/env bash
# Installs the Debian packages named that are not installed yet, with apt-get (through sudo when
# not root). The tests need some: poppler-utils (pdftotext) and python3-pdfminer (pdf2txt), for
# the tests that read the shared PDFs as each extractor gives them, and, for the real-VS-Code
# suites, those that scripts/install-code-server.sh names.
# Usage: scripts/install-debian-packages.sh PACKAGE...
set -euo pipefail

missing=()
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
sudo=''
[ "$(id -u)" -ne 0 ] && sudo='sudo'
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
