#!/bin/sh
# Test set-up and entry point of the FHIR validation oracle: installs the pinned npm
# validators (npm ci, from package-lock.json) on first use, then validates a directory.
# Usage: run.sh <directory of *.json bundles or *.ndjson files>
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$here/node_modules/@medplum/core" ] || [ ! -d "$here/node_modules/fhir" ]; then
  # Tests run in parallel: one installer at a time, the others wait and then find it done.
  flock "$here/.npm-ci.lock" sh -c "cd '$here' && { [ -d node_modules/@medplum/core ] && [ -d node_modules/fhir ]; } || npm ci --no-audit --no-fund --loglevel=error >&2"
fi
exec node "$here/validate.js" "$1"
