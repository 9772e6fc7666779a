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

# axe-core, the accessibility engine that tests/themes/test_accessibility.py runs in Chromium: one
# pinned release from the npm registry, checked against its published sha512, unpacked into the venv
# (only axe.min.js is kept). Needs npm (Debian's nodejs brings it).
AXE_VERSION="4.14.1"
AXE_SHA512="FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
AXE_JS="$VENV/share/axe-core/$AXE_VERSION/axe.min.js"

axe_ensure() {
    [[ -s "$AXE_JS" ]] && return 0
    command -v npm >/dev/null || apt_ensure nodejs npm
    say "Fetching axe-core $AXE_VERSION (npm pack)"
    local work
    work="$(mktemp -d)"
    (cd "$work" && npm pack --silent "axe-core@$AXE_VERSION" >/dev/null)
    [[ "$("$PY" -c 'import base64, hashlib, sys; print(base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' "$work/axe-core-$AXE_VERSION.tgz")" == "$AXE_SHA512" ]] \
        || { rm -rf "$work"; die "axe-core-$AXE_VERSION.tgz does not match its pinned sha512"; }
    mkdir -p "$(dirname "$AXE_JS")"
    tar -xzf "$work/axe-core-$AXE_VERSION.tgz" -C "$work" package/axe.min.js
    mv "$work/package/axe.min.js" "$AXE_JS"
    rm -rf "$work"
}

# setup_ensure [EXTRA_DEBIAN_PACKAGE...]: everything a script needs before it runs Django.
setup_ensure() {
    apt_ensure "${SYSTEM_PACKAGES[@]}" "$@"
    venv_ensure
    deps_ensure
}

manage() { "$PY" "$REPO_ROOT/manage.py" "$@"; }
