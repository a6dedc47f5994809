#!/usr/bin/env bash
# Installs, only where missing, what vanban needs from the system: LibreOffice (headless
# Writer, for the PDF) and its Python bridge (python3-uno: the PDF workers run under the
# system /usr/bin/python3, the only Python Debian's uno module imports into), the
# Liberation fonts (metric-compatible with Times New Roman), fontconfig and poppler-utils
# (pdftotext/pdffonts, used by the tests). Then makes sure fontconfig maps
# "Times New Roman" to Liberation Serif.
set -euo pipefail

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
if ! /usr/bin/python3 -c "import uno" >/dev/null 2>&1; then need+=(python3-uno); fi
command -v fc-list >/dev/null 2>&1 || need+=(fontconfig)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# the web desk's browser tests drive the distribution's Chromium (Playwright's own download
# cannot work offline)
[ -x /usr/bin/chromium ] || need+=(chromium)
if ! fc-list 2>/dev/null | grep -q "Liberation Serif"; then
    need+=(fonts-liberation2 fonts-liberation)
fi
if ((${#need[@]})); then
    echo "vanban: cài đặt gói hệ thống: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Times New Roman -> Liberation Serif. fontconfig's 30-metric-aliases.conf normally does
# this; add our own rule only where it does not (minimal images, other distributions).
tnr_ok() {
    for style in "" ":bold" ":italic" ":bold:italic"; do
        fc-match "Times New Roman${style}" family | grep -q "Liberation Serif" || return 1
    done
}
if ! tnr_ok; then
    conf=/etc/fonts/conf.d/30-vanban-times-new-roman.conf
    echo "vanban: ánh xạ phông Times New Roman -> Liberation Serif ($conf)"
    $SUDO tee "$conf" >/dev/null <<'XML'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<!-- vanban: Liberation Serif has the metrics of Times New Roman; use it in its place. -->
<fontconfig>
  <alias binding="same">
    <family>Times New Roman</family>
    <accept><family>Liberation Serif</family></accept>
  </alias>
</fontconfig>
XML
    $SUDO fc-cache -f >/dev/null
    tnr_ok || echo "vanban: CẢNH BÁO: fc-match \"Times New Roman\" vẫn không ra Liberation Serif" >&2
fi
