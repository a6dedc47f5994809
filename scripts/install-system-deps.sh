#!/usr/bin/env bash
# Installs, only where missing, what vanban needs from the system: LibreOffice (headless
# Writer, for the PDF), the Liberation fonts (metric-compatible with Times New Roman),
# fontconfig and poppler-utils (pdftotext/pdffonts, used by the tests).
set -euo pipefail

need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v fc-list >/dev/null 2>&1 || need+=(fontconfig)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
if ! fc-list 2>/dev/null | grep -q "Liberation Serif"; then
    need+=(fonts-liberation2 fonts-liberation)
fi
if ((${#need[@]})); then
    echo "vanban: cài đặt gói hệ thống: ${need[*]}"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
