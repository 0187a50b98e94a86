#!/usr/bin/env bash
# Runs the whole test suite, setting up everything it needs first: ./test.sh [pytest args]
# Installs the system packages (as root, or through sudo), makes .venv, and runs pytest
# with a per-test timeout (see pyproject.toml). Tests start their own sshd and keyring.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/lib.sh
ensure_packages "${TEST_PACKAGES[@]}"
ensure_venv test
# No test may reach the user's real keyring by accident; the keyring fixture opts in.
export PYTHON_KEYRING_BACKEND=keyring.backends.fail.Keyring
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
