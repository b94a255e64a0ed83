#!/usr/bin/env bash
# Sets up if needed, then runs every check: build (typecheck), lint, format, and all tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm test --silent
