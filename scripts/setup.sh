#!/usr/bin/env bash
# Python set-up shared by scripts/run.sh and scripts/test.sh.
#
#   bash scripts/setup.sh [runtime|dev]     # set up .venv (default: runtime)
#   source scripts/setup.sh                 # only define the helpers below
#
# Finds Python >= 3.11, installs Debian's python3-venv when `python -m venv` does not
# work, creates .venv when missing (or broken) and installs requirements.txt (runtime)
# or requirements-dev.txt (dev) with pip. The pip step is skipped while a stamp file in
# .venv still holds the hash of the requirement files, so repeated runs are fast.
# The helpers (section, die, as_root, apt_install, in_ci) are used by the other scripts.

REPO_ROOT="${REPO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
VENV="$REPO_ROOT/.venv"

section() { printf '\n==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
in_ci() { [ "${CI:-}" = "true" ]; }

# Run a command as root: directly when we are root, else through sudo when it exists.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        if [ -t 0 ]; then sudo "$@"; else sudo -n "$@"; fi
    else
        warn "need root for: $* (not root and no sudo)"
        return 1
    fi
}

# apt-get update (once per run of the calling script, also across sourced scripts and
# child processes) and apt-get install the given packages, non-interactively.
apt_install() {
    command -v apt-get >/dev/null 2>&1 || { warn "apt-get not found: cannot install $*"; return 1; }
    if [ "${DUNDIAN_APT_UPDATED:-}" != "1" ]; then
        note "apt-get update"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -qq update || return 1
        export DUNDIAN_APT_UPDATED=1
    fi
    note "apt-get install $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -qq -y \
        install --no-install-recommends "$@" >/dev/null || return 1
}

# True when "$1" is a Python interpreter of version >= 3.11.
_python_ok() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

# Prints the first Python >= 3.11: $PYTHON, then python3.11, python3, newer ones.
find_python() {
    local candidate
    for candidate in ${PYTHON:-} python3.11 python3 /usr/bin/python3.11 /usr/bin/python3 \
                     python3.12 python3.13 python3.14; do
        if command -v "$candidate" >/dev/null 2>&1 && _python_ok "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

_venv_ok() {
    [ -x "$VENV/bin/python" ] && _python_ok "$VENV/bin/python" \
        && "$VENV/bin/python" -m pip --version >/dev/null 2>&1
}

_create_venv() {
    local python="$1" version
    rm -rf "$VENV"
    if "$python" -m venv "$VENV" >/dev/null 2>&1 && _venv_ok; then
        return 0
    fi
    rm -rf "$VENV"
    version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    note "'$python -m venv' does not work: installing Debian's python3-venv"
    apt_install python3-venv "python${version}-venv" || apt_install python3-venv \
        || die "could not install python3-venv (needed to create .venv)"
    "$python" -m venv "$VENV" || die "'$python -m venv $VENV' failed"
    _venv_ok || die "$VENV was created but has no working pip"
}

_hash_files() {
    (cd "$REPO_ROOT" && cat "$@" && "$VENV/bin/python" -c 'import sys; print(sys.version)') \
        | sha256sum | cut -d' ' -f1
}

# setup_python [runtime|dev]: make .venv hold what the app (runtime) or the tests (dev) need.
setup_python() {
    local mode="${1:-runtime}" python req_file stamp_runtime stamp_dev hash_runtime hash_dev
    local -  # restore the caller's shell options on return
    set -o pipefail
    case "$mode" in
        runtime) req_file=requirements.txt ;;
        dev) req_file=requirements-dev.txt ;;
        *) die "setup_python: unknown mode '$mode' (runtime|dev)" ;;
    esac

    section "Python environment ($mode)"
    if _venv_ok; then
        note "using $VENV ($("$VENV/bin/python" --version 2>&1))"
    else
        python="$(find_python)" || die "Python >= 3.11 not found (tried \$PYTHON, python3.11, python3). On Debian 12: apt-get install python3"
        note "creating $VENV with $python ($("$python" --version 2>&1))"
        _create_venv "$python"
    fi

    stamp_runtime="$VENV/.dundian-requirements-runtime.sha256"
    stamp_dev="$VENV/.dundian-requirements-dev.sha256"
    hash_runtime="$(_hash_files requirements.txt)"
    hash_dev="$(_hash_files requirements.txt requirements-dev.txt)"
    # The dev requirements include the runtime ones, so a current dev stamp covers both.
    if [ "$(cat "$stamp_dev" 2>/dev/null)" = "$hash_dev" ] \
        || { [ "$mode" = runtime ] && [ "$(cat "$stamp_runtime" 2>/dev/null)" = "$hash_runtime" ]; }; then
        note "requirements unchanged since the last install: skipping pip"
        return 0
    fi

    note "pip install -r $req_file"
    rm -f "$stamp_runtime" "$stamp_dev"
    # pip's warnings about a missing local index folder (file://...) are noise: drop them.
    if ! (cd "$REPO_ROOT" && "$VENV/bin/python" -m pip install --disable-pip-version-check \
            --progress-bar off -q -r "$req_file" 2>&1) \
        | { grep -v "^WARNING: Location 'file://.*' is ignored: it is neither a file nor a directory" || true; }
    then
        die "pip install -r $req_file failed"
    fi
    echo "$hash_runtime" >"$stamp_runtime"
    if [ "$mode" = dev ]; then echo "$hash_dev" >"$stamp_dev"; fi
}

# Executed (not sourced): run the set-up.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    setup_python "${1:-runtime}"
fi
