# Shared set-up for scripts/demo and scripts/test (sourced, not run): system packages,
# the virtual environment and the Python dependencies. Every step checks first and does
# nothing when its work is already done, so running a script twice is safe and fast.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$REPO_ROOT/.venv"
PY="$VENV/bin/python"
MIN_PYTHON="3.11"

# Debian packages the platform needs at run time. Every Python dependency ships a wheel,
# so no compiler (build-essential, python3-dev) is needed.
#   fonts-noto-cjk: Chinese text in posters and PDFs; pango and harfbuzz-subset: WeasyPrint;
#   poppler-utils: pdftoppm, to look at rendered PDFs.
SYSTEM_PACKAGES=(
    python3 python3-venv
    fonts-noto-cjk
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
    poppler-utils
)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf '\033[31mError: %s\033[0m\n' "$*" >&2; exit 1; }

# apt_ensure PACKAGE...: install the Debian packages that are not installed yet.
apt_ensure() {
    local missing=() package
    for package in "$@"; do
        if [[ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" != "install ok installed" ]]; then
            missing+=("$package")
        fi
    done
    if ((${#missing[@]} == 0)); then
        return 0
    fi
    command -v apt-get >/dev/null || die "missing packages (${missing[*]}) and no apt-get: install them by hand."
    local sudo=()
    if ((EUID != 0)); then
        command -v sudo >/dev/null || die "installing ${missing[*]} needs root: run as root or install sudo."
        sudo=(sudo)
    fi
    say "Installing Debian packages: ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
        install -y -qq --no-install-recommends "${missing[@]}"
}

# python_is_new_enough PYTHON: true when PYTHON runs and is at least MIN_PYTHON.
python_is_new_enough() {
    "$1" -c "import sys; sys.exit(sys.version_info < (${MIN_PYTHON/./, }))" 2>/dev/null
}

# venv_ensure: create .venv with python3 (or $PYTHON) unless a good one is there.
venv_ensure() {
    if [[ -x "$PY" ]] && python_is_new_enough "$PY"; then
        return 0
    fi
    local python="${PYTHON:-python3}"
    command -v "$python" >/dev/null || die "$python not found; install Python $MIN_PYTHON or newer."
    python_is_new_enough "$python" || die "Python $MIN_PYTHON or newer is needed, but $python is \
$("$python" -c 'import platform; print(platform.python_version())'). Install a newer one and run \
again with PYTHON=/path/to/python3.x."
    if [[ -e "$VENV" ]]; then
        say "Replacing $VENV (its Python is missing or older than $MIN_PYTHON)"
        rm -rf "$VENV"
    fi
    say "Creating the virtual environment in $VENV"
    "$python" -m venv "$VENV"
}

# deps_ensure: pip install -e '.[dev]' when pyproject.toml (or the venv's Python) changed
# since the last successful install, which a stamp file in .venv remembers.
deps_ensure() {
    local stamp="$VENV/.installed-pyproject" wanted
    wanted="$(cat "$REPO_ROOT/pyproject.toml" <("$PY" -V) | sha256sum | cut -d' ' -f1)"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
        return 0
    fi
    say "Installing Python dependencies (pip install -e '.[dev]')"
    "$PY" -m pip install --quiet --disable-pip-version-check -e "$REPO_ROOT[dev]"
    echo "$wanted" >"$stamp"
}

# setup_ensure [EXTRA_DEBIAN_PACKAGE...]: everything a script needs before it runs Django.
setup_ensure() {
    apt_ensure "${SYSTEM_PACKAGES[@]}" "$@"
    venv_ensure
    deps_ensure
}

manage() { "$PY" "$REPO_ROOT/manage.py" "$@"; }
