#!/usr/bin/env bash
# Set up a development environment on a fresh machine: .venv with khplan and its dev tools.
# Idempotent: a second run only checks what is there.
#
# System tools the readers use (antiword for .doc, tesseract + Vietnamese model for scans) are
# installed too when this runs in CI (CI=true) or with KHPLAN_SYSTEM_DEPS=1, through
# scripts/system-deps.sh (Debian/Ubuntu, as root or with sudo). Without them the readers that
# need them say so clearly and their tests are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    echo "setup: khplan needs Python >= 3.11 ($PYTHON is $("$PYTHON" --version 2>&1))" >&2
    exit 2
fi
if [[ ! -x .venv/bin/python ]]; then
    "$PYTHON" -m venv .venv
fi
# Re-install only when the project's metadata changed since the last install.
stamp=.venv/.khplan-installed
if [[ ! -f "$stamp" || pyproject.toml -nt "$stamp" ]]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e '.[dev]'
    touch "$stamp"
fi
if [[ "${CI:-}" == "true" || "${KHPLAN_SYSTEM_DEPS:-0}" == "1" ]]; then
    if command -v apt-get >/dev/null 2>&1; then
        bash scripts/system-deps.sh || echo "setup: system tools could not be installed; their tests will be skipped" >&2
    fi
fi
# Compile khplan's own modules to bytecode, as pip does for installed packages: an editable
# install leaves that to the first import, and where PYTHONDONTWRITEBYTECODE is set (some CI
# images) every process of every run compiled them again (0.15 CPU-s each: the run's process and
# each worker). Stale files are harmless: Python checks each against its source.
.venv/bin/python -m compileall -q extractors khplan schemas flows >/dev/null || true
