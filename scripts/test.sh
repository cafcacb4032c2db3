#!/usr/bin/env bash
# The test command of the README: installs what the tests need (LibreOffice, to open the
# generated workbooks as a real client would; pdftotext to read its PDFs; Chromium and
# axe-core, to check the public report in a browser), then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

# Calc itself, not only soffice: Writer alone (installed to make Word fixtures) has soffice
# but no spreadsheet filters, and every conversion of a workbook would fail.
have_calc() {
  command -v soffice >/dev/null 2>&1 && ls /usr/lib/libreoffice/program/libsclo.so >/dev/null 2>&1
}
if ! have_calc || ! command -v pdftotext >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "LibreOffice をインストールします（初回のみ）..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libreoffice-calc-nogui fonts-ipafont-gothic poppler-utils >/dev/null
  else
    echo "注意: soffice がありません。LibreOffice で開くテストは省略されます（CI では失敗します）。" >&2
  fi
fi

# The public report's browser test: Chromium from Debian, axe-core from the lock file in
# tests/browser (node_modules is not committed).
apt_install() {
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "$1 をインストールします（初回のみ）..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${@:2}" >/dev/null
  else
    echo "注意: $1 がありません。ブラウザのテストは省略されます（CI では失敗します）。" >&2
  fi
}
command -v chromium >/dev/null 2>&1 || apt_install chromium chromium fonts-ipafont-gothic poppler-utils
command -v npm >/dev/null 2>&1 || apt_install npm npm
if command -v npm >/dev/null 2>&1 && [ ! -f tests/browser/node_modules/axe-core/axe.min.js ]; then
  npm ci --prefix tests/browser --no-audit --no-fund --silent
fi

cargo test
