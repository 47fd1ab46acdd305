#!/usr/bin/env bash
# Checks the include graph against the layering in ../shared/DESIGN.md:
#   experiments may include anything; sim may include traces and core's
#   primitives, traces and devices only core's primitives; a method folder in
#   core/optimizers/ its own files, shared/, context.h, trained_model.h and
#   the primitives; shared/ itself and the primitives; core/ only core/.
# Each rule names a folder and the project folders its files may include.
# The CMake targets enforce the same direction at link time; this catches a
# header-only include that the linker cannot see.
set -euo pipefail
root=${1:?usage: layering_check.sh SOURCE_DIR}
cd "$root"

violations=0
# check FOLDER DEPTH PATTERN...: files in FOLDER (to DEPTH) may include only
# project headers that match one of the extended regular expressions.
check() {
  local folder=$1 depth=$2
  shift 2
  local file header allowed pattern
  while IFS= read -r file; do
    while IFS= read -r header; do
      allowed=no
      for pattern in "$@"; do
        [[ $header =~ $pattern ]] && allowed=yes && break
      done
      if [[ $allowed == no ]]; then
        echo "layering: $file includes \"$header\"; $folder/ may include only: $*"
        violations=$((violations + 1))
      fi
    done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$file")
  done < <(find "$folder" -maxdepth "$depth" -type f \( -name '*.h' -o -name '*.cc' \) | sort)
}

core_only='^core/[^/]+$'  # the primitives, not core/optimizers/
check core 1 "$core_only"
check core/optimizers/shared 1 "$core_only" '^core/optimizers/shared/'
for method in core/optimizers/*/; do
  method=${method%/}
  [[ $method == core/optimizers/shared ]] && continue
  check "$method" 9 "$core_only" '^core/optimizers/shared/' '^core/optimizers/(context|trained_model)\.h$' "^$method/"
done
check core/optimizers 1 '^core/'
check traces 9 "$core_only" '^traces/'
check sim 9 "$core_only" '^traces/' '^sim/'
check devices 9 "$core_only" '^devices/'

if ((violations > 0)); then
  echo "layering: $violations include(s) break the layering (see ../shared/DESIGN.md)"
  exit 1
fi
echo "layering: ok"
