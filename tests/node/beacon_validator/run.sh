#!/bin/sh
# Test set-up and entry point of the Beacon v2 schema oracle: installs the pinned npm
# validator (npm ci, from package-lock.json) on first use, then validates a directory.
# Usage: run.sh <framework json/ directory> <directory of responses and manifest.json>
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$here/node_modules/ajv" ] || [ ! -d "$here/node_modules/ajv-formats" ]; then
  # Tests run in parallel: one installer at a time, the others wait and then find it done.
  flock "$here/.npm-ci.lock" sh -c "cd '$here' && { [ -d node_modules/ajv ] && [ -d node_modules/ajv-formats ]; } || npm ci --no-audit --no-fund --loglevel=error >&2"
fi
exec node "$here/validate.js" "$1" "$2"
