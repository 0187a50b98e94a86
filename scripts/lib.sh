# Shared set-up for ./run.sh and ./test.sh: system packages, a Python >= 3.13, the venv.
# Sourced, not run. Every step is skipped when already done, so second runs are fast.

# What the app needs from the system to draw windows with Qt, and CJK fonts.
RUN_PACKAGES=(
  libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libglib2.0-0 libxkbcommon0
  fonts-dejavu-core fonts-wqy-microhei
  libx11-xcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0 libxcb-sync1
  libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0
  openssh-client
)
# What the tests start themselves (real sshd, keyring, X server) and drive the app with.
TEST_PACKAGES=(
  "${RUN_PACKAGES[@]}"
  xvfb xauth xdotool imagemagick x11-utils
  openssh-server dbus-daemon dbus-bin gnome-keyring libsecret-tools
  libpam-google-authenticator
)

say() { printf 'sshdesk: %s\n' "$*" >&2; }

# Installs the Debian/Ubuntu packages that are missing (all present: does nothing).
ensure_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0   # not Debian-like: nothing to do
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      say "missing system packages (install them as root): ${missing[*]}"
      return 0
    fi
  fi
  say "installing system packages: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
}

# Prints the path of a Python >= 3.13: python3.14 or python3.13 on PATH, else pyenv's.
# A pyenv shim on PATH may exist yet fail, so every candidate is run, not just found.
find_python() {
  local candidate pyenv_root="${PYENV_ROOT:-$HOME/.pyenv}"
  for candidate in python3.14 python3.13 \
      "$pyenv_root"/versions/3.1[4-9]*/bin/python3 "$pyenv_root"/versions/3.13*/bin/python3; do
    if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 13))' >/dev/null 2>&1; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

# Makes .venv (if needed) and installs sshdesk into it with the given extras ("" or "test").
# Re-installs only when pyproject.toml or the extras changed.
ensure_venv() {
  local extras="$1" python stamp_file=.venv/.sshdesk-installed stamp
  if ! python=$(find_python); then
    say "needs Python 3.13 or newer, and none was found. Install one (Debian 13/Ubuntu 24.10+: 'apt install python3.13 python3.13-venv'; elsewhere: 'pyenv install 3.13'), then run this again."
    exit 1
  fi
  stamp="$(sha256sum pyproject.toml | cut -c1-16) $extras"
  if [ -x .venv/bin/python ] && [ "$(cat "$stamp_file" 2>/dev/null)" = "$stamp" ]; then
    return 0
  fi
  if [ ! -x .venv/bin/python ]; then
    say "making a virtual environment with $python"
    "$python" -m venv .venv || {
      say "could not make a virtual environment; on Debian/Ubuntu install python3-venv (or python3.13-venv)."
      exit 1
    }
  fi
  say "installing sshdesk and its dependencies into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras:+[$extras]}"
  echo "$stamp" >"$stamp_file"
}
