#!/usr/bin/env bash
# Runs sshdesk, setting up everything it needs first: ./run.sh [--demo] [sshdesk arguments]
set -euo pipefail
cd "$(dirname "$0")"
. scripts/lib.sh
ensure_packages "${RUN_PACKAGES[@]}"
ensure_venv ""
exec .venv/bin/sshdesk "$@"
