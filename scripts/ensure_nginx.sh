#!/usr/bin/env bash
# Make sure Debian's nginx is installed: scripts/serve.sh puts it in front of several app
# processes, and the browser test of that set-up runs through it.
#
#   bash scripts/ensure_nginx.sh      # or: source it and call ensure_nginx
#
# Installs the apt package nginx where missing. Only the binary is used: serve.sh runs nginx
# itself on a generated configuration, never the system service. Under CI=true a missing
# nginx is an error; locally a warning (the nginx browser test then skips).

# shellcheck source=scripts/setup.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/setup.sh"

NGINX_PATH=/usr/sbin/nginx

_nginx_works() {
    [ -x "$NGINX_PATH" ] && "$NGINX_PATH" -v >/dev/null 2>&1
}

ensure_nginx() {
    section "nginx (several app processes)"
    _nginx_works || apt_install nginx || warn "apt-get install nginx failed"
    if _nginx_works; then
        note "$("$NGINX_PATH" -v 2>&1 | head -n1) at $NGINX_PATH"
        return 0
    fi
    if in_ci; then
        die "CI=true and nginx is not available at $NGINX_PATH (apt-get install nginx failed)"
    fi
    warn "nginx is not available at $NGINX_PATH: the nginx browser test will be skipped"
    return 0
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    ensure_nginx
fi
