#!/usr/bin/env bash
# System tools the document readers call (extractors/read_pdf.py, read_legacy.py, ocr.py).
#
#   antiword            .doc (Word 97-2003) -> text: the light path for legacy files (~1 MB)
#   tesseract-ocr(-vie) OCR for scanned PDFs, with the Vietnamese model
#
# LibreOffice (libreoffice-writer-nogui, ~110 packages, ~300 MB) reads .odt, and gives better tables
# for .doc and .rtf (khplan reads .rtf itself without it); it is only installed with --with-libreoffice.
# Idempotent: installed packages are skipped by apt-get; safe to run twice.
set -euo pipefail

packages=(antiword tesseract-ocr tesseract-ocr-vie)
if [[ "${1:-}" == "--with-libreoffice" ]]; then
    packages+=(libreoffice-writer-nogui)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
    echo "system-deps: all present (${packages[*]})"
    exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "system-deps: installed ${missing[*]}"
