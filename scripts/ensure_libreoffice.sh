#!/usr/bin/env bash
# Make sure LibreOffice Writer and poppler are installed for the tests that render the generated
# Word documents (data_access/documents) to PDF (soffice --headless) and the PDF to PNG pages and
# text (pdftoppm, pdftotext).
#
#   bash scripts/ensure_libreoffice.sh      # or: source it and call ensure_libreoffice
#
# Installs the apt packages `libreoffice-writer` and `poppler-utils` where missing, and (best
# effort) the Noto CJK fonts, which stand in for the office's 仿宋/黑体/方正小标宋 in the pictures.
# Under CI=true a missing one is an error; locally a warning (the rendering tests then skip).

# shellcheck source=scripts/setup.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/setup.sh"

_renderers_work() {
    command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1
}

_have_noto_cjk() {
    command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list 'Noto Serif CJK SC' 2>/dev/null | head -n1)" ]
}

ensure_libreoffice() {
    section "LibreOffice and poppler (document rendering tests)"
    local packages=()
    command -v soffice >/dev/null 2>&1 || packages+=(libreoffice-writer)
    { command -v pdftoppm >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; } || packages+=(poppler-utils)
    _have_noto_cjk || packages+=(fonts-noto-cjk)
    if [ "${#packages[@]}" -gt 0 ]; then
        apt_install "${packages[@]}" || warn "apt-get install ${packages[*]} failed"
    fi
    if _renderers_work; then
        note "$(soffice --version 2>/dev/null | head -n1); $(pdftoppm -v 2>&1 | head -n1)"
        return 0
    fi
    if in_ci; then
        die "CI=true and LibreOffice (soffice) or poppler (pdftoppm, pdftotext) is not available (apt-get install failed)"
    fi
    warn "LibreOffice or poppler is not available: the document rendering tests will be skipped"
    return 0
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    ensure_libreoffice
fi
