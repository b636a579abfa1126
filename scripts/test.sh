#!/usr/bin/env bash
# The whole test suite: install Sabaq with its test extras into .venv, then lint, type-check, test.
# PostgreSQL tests run when SABAQ_TEST_POSTGRES_URL is set (.ci/run starts a server and sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== mypy"
.venv/bin/mypy
echo "== pytest"
exec .venv/bin/python -m pytest "$@"
