#!/usr/bin/env bash
# The project's checks, exactly as CI runs them (.ci/run calls this script):
# set-up, lint and format (ruff), types (mypy on extractors/ and schemas/), tests (pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy extractors schemas
.venv/bin/python -m pytest "$@"
