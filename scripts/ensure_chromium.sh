#!/usr/bin/env bash
# Make sure Debian's Chromium is at /usr/bin/chromium for the browser tests
# (Playwright drives it through executable_path; no browser is ever downloaded).
#
#   bash scripts/ensure_chromium.sh      # or: source it and call ensure_chromium
#
# Installs the apt package `chromium` where missing, and (best effort) CJK and emoji
# fonts so that screenshots show the Chinese text and the status emoji. Under CI=true
# a missing Chromium is an error; locally a warning (the browser tests then skip).

# shellcheck source=scripts/setup.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/setup.sh"

CHROMIUM_PATH=/usr/bin/chromium

_chromium_works() {
    [ -x "$CHROMIUM_PATH" ] && "$CHROMIUM_PATH" --version >/dev/null 2>&1
}

_have_font() {  # fontconfig pattern, e.g. :lang=zh
    command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list "$1" 2>/dev/null | head -n1)" ]
}

ensure_chromium() {
    section "Chromium (browser tests)"
    _chromium_works || apt_install chromium || warn "apt-get install chromium failed"
    local fonts=()
    _have_font :lang=zh || fonts+=(fonts-wqy-zenhei)
    _have_font :charset=1f7e2 || fonts+=(fonts-noto-color-emoji)  # the status dots
    if [ "${#fonts[@]}" -gt 0 ]; then
        apt_install "${fonts[@]}" || warn "could not install ${fonts[*]} (screenshots may show boxes)"
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
