#!/usr/bin/env bash
# Make sure Debian's Chromium is at /usr/bin/chromium for the browser tests
# (Playwright drives it through executable_path; no browser is ever downloaded).
#
#   bash scripts/ensure_chromium.sh      # or: source it and call ensure_chromium
#
# Installs the apt package `chromium` (and a CJK font, so screenshots show Chinese)
# where missing. Under CI=true a missing Chromium is an error; locally a warning
# (the browser tests then skip).

# shellcheck source=scripts/setup.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/setup.sh"

CHROMIUM_PATH=/usr/bin/chromium

_chromium_works() {
    [ -x "$CHROMIUM_PATH" ] && "$CHROMIUM_PATH" --version >/dev/null 2>&1
}

_have_cjk_font() {
    command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null | head -n1)" ]
}

ensure_chromium() {
    section "Chromium (browser tests)"
    local packages=()
    _chromium_works || packages+=(chromium)
    _have_cjk_font || packages+=(fonts-wqy-zenhei)
    if [ "${#packages[@]}" -gt 0 ]; then
        apt_install "${packages[@]}" || warn "could not install: ${packages[*]}"
    fi
    if _chromium_works; then
        note "$("$CHROMIUM_PATH" --version 2>/dev/null | head -n1) at $CHROMIUM_PATH"
        return 0
    fi
    if in_ci; then
        die "CI=true and Chromium is not available at $CHROMIUM_PATH (apt-get install chromium failed)"
    fi
    warn "Chromium is not available at $CHROMIUM_PATH: the browser tests will be skipped"
    return 0
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    ensure_chromium
fi
