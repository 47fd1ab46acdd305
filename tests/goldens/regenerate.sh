#!/usr/bin/env bash
# Regenerates the CI goldens from the current behaviour. Run it only when a
# change of behaviour is intended, and say why in the commit message:
#   bash tests/goldens/regenerate.sh [build/edgetune]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
edgetune=$(realpath "${1:-$root/build/edgetune}")
cd "$root"
grep -v '^#' tests/goldens/cases.txt | while IFS='|' read -r name args; do
  name=$(echo "$name" | xargs)
  # shellcheck disable=SC2086
  "$edgetune" $args > "tests/goldens/$name.json"
  echo "wrote tests/goldens/$name.json"
done
