#!/usr/bin/env bash
# The main job: install Sabaq into .venv and run the demo school (import, generate, export).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
exec .venv/bin/sabaq demo "$@"
