#!/usr/bin/env bash
# Installs, only where missing, what vanban needs from the system: LibreOffice (headless
# Writer, for the PDF) and its Python bridge (python3-uno: the PDF workers run under the
# system /usr/bin/python3, the only Python Debian's uno module imports into), the
# Liberation fonts (metric-compatible with Times New Roman), fontconfig and poppler-utils
# (pdftotext/pdffonts, used by the tests), SoftHSM2 (a PKCS#11 token for the signing tests),
# Chromium (the web desk's browser tests), PostgreSQL (the register's tests and benchmark
# start a private server; an office may keep its register there), qpdf and redis-server
# (mail merge). Then makes sure fontconfig maps "Times New Roman" to Liberation Serif.
set -euo pipefail

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
if ! /usr/bin/python3 -c "import uno" >/dev/null 2>&1; then need+=(python3-uno); fi
command -v fc-list >/dev/null 2>&1 || need+=(fontconfig)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# SoftHSM2: the software PKCS#11 token the signing tests sign with (ký số, USB token path).
command -v softhsm2-util >/dev/null 2>&1 || need+=(softhsm2)
# the web desk's browser tests drive the distribution's Chromium (Playwright's own download
# cannot work offline)
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
# mail merge (vanban merge): qpdf checks the combined PDFs in tests; redis-server is the
# broker the tests and benchmark start on a port of their own (not the system daemon)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
# (grep without -q reads all of fc-list's output: with pipefail, -q's early exit would
# make fc-list die of SIGPIPE and the test fail although the font is there)
if ! fc-list 2>/dev/null | grep "Liberation Serif" >/dev/null; then
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
