#!/usr/bin/env bash
# Sets up a fresh Debian machine for the hotline desk and runs it or its tests.
#   bash bootstrap.sh demo   -> install what is missing, then the desk on a live demo center (`hotline desk-demo`)
#   bash bootstrap.sh test   -> install what is missing, then the whole test suite (SQLite and PostgreSQL)
# It installs what it needs itself: Debian packages (when run as root), a venv in .venv, pip packages.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
what="${1:-test}"; shift || true

apt_install() {
    # Install Debian packages that are missing; only possible as root.
    local missing=()
    for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "bootstrap: missing Debian packages ${missing[*]} (run as root to install them)" >&2
        return 0
    fi
    echo "bootstrap: apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

PY="${PYTHON:-python3}"
if ! command -v "$PY" >/dev/null 2>&1; then apt_install python3; fi
if ! "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1; then apt_install python3-venv; fi
apt_install fonts-wqy-microhei locales

if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
    .venv/bin/python -m pip install -q -e ".[dev,phone,installer]"  # installer: the frozen-bundle test
    touch "$stamp"
fi
export PATH="$PWD/.venv/bin:$PATH"

build_translations() {
    # the desk's English: the Qt Linguist source compiled into the .qm it loads (a build artefact,
    # not in git); desktop.app.i18n compiles it on first use too, should this step not have run
    if [ ! -f resources/i18n/desk_en.qm ] || [ resources/i18n/desk_en.ts -nt resources/i18n/desk_en.qm ]; then
        pyside6-lrelease resources/i18n/desk_en.ts -qm resources/i18n/desk_en.qm >/dev/null
    fi
}

case "$what" in
demo)
    build_translations
    # the desk on a live demo center: Kamailio for the center; Xvfb and Qt's X11 libraries when there is
    # no display (the demo then plays one call through the UI and writes screenshots)
    # libpulse0: QtMultimedia (the recording player) will not load without it
    apt_install kamailio kamailio-extra-modules kamailio-tls-modules openssl nginx libpulse0
    if [ -z "${DISPLAY:-}" ]; then
        apt_install xvfb xauth libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \
            libxcb-render-util0 libxcb-xinerama0 libxcb-shape0 libxcb-randr0 libegl1 libgl1
        if command -v xvfb-run >/dev/null 2>&1; then
            exec xvfb-run -a -s "-screen 0 1600x900x24" hotline desk-demo --script "$@"
        fi
        QT_QPA_PLATFORM=offscreen exec hotline desk-demo --script "$@"
    fi
    exec hotline desk-demo "$@"
    ;;
test)
    build_translations
    # Kamailio from Debian: the registrar of the telephony tests (tests/telephony/conftest.py)
    # libpulse0: QtMultimedia (the recording player and its tests) will not load without it
    apt_install kamailio kamailio-extra-modules kamailio-tls-modules openssl sip-tester nginx libpulse0
    # PostgreSQL: the server on 127.0.0.1:5432 where there is one; otherwise a throwaway cluster.
    if ! .venv/bin/python -c 'import psycopg; psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()' >/dev/null 2>&1 \
        && [ -z "${HOTLINE_TEST_PG:-}" ]; then
        apt_install postgresql
        HOTLINE_TEST_PG="$(bash tests/pg_throwaway.sh start)"
        export HOTLINE_TEST_PG
        trap 'bash tests/pg_throwaway.sh stop' EXIT
    fi
    ruff check .
    set +e
    python -m pytest "$@"
    rc=$?
    set -e
    if [ $rc -eq 5 ]; then echo "bootstrap: pytest collected no tests: that is a failure" >&2; exit 1; fi
    exit $rc
    ;;
*)
    echo "usage: bash bootstrap.sh demo|test [args]" >&2; exit 2
    ;;
esac
