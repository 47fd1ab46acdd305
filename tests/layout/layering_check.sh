#!/usr/bin/env bash
# Checks the include graph against the layering in ../shared/DESIGN.md:
#   experiments/cli may include anything; the other concept folders of
#   experiments/ go one way, each using only those before it:
#     stats -> tables -> surfaces -> run -> sweep -> cluster, live
#     stats, surfaces, run -> completion;  stats, tables -> compare;  compare, sweep -> report;  all -> python -> cli
#   (live/ alone of them reaches devices/)
#   and Boost.Program_options is included in experiments/cli only;
#   sim may include traces and core's
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

lower='^(core|traces|sim)/'  # what every folder of experiments/ may use
check experiments/stats 9 "$core_only" '^experiments/stats/'
check experiments/tables 9 "$core_only" '^experiments/tables/'
check experiments/surfaces 9 "$lower" '^experiments/(tables|surfaces)/'
check experiments/run 9 "$lower" '^experiments/(tables|surfaces|run)/'
check experiments/completion 9 "$lower" '^experiments/(stats|tables|surfaces|run|completion)/'
check experiments/sweep 9 "$lower" '^experiments/(tables|surfaces|run|sweep)/'
check experiments/cluster 9 "$lower" '^experiments/(tables|surfaces|run|sweep|cluster)/'
check experiments/compare 9 "$core_only" '^experiments/(stats|tables|compare)/'
check experiments/report 9 "$lower" '^experiments/(stats|tables|surfaces|run|sweep|compare|report)/'
check experiments/live 9 "$lower" '^devices/' '^experiments/(tables|surfaces|run|live)/'
check experiments/python 9 "$lower" '^experiments/(stats|tables|surfaces|run|sweep|compare|report|python)/'
# Every source of experiments/ sits in a concept folder (the rules above
# would not see a file left at the top).
while IFS= read -r file; do
  echo "layering: $file is outside experiments/'s concept folders; move it into one"
  violations=$((violations + 1))
done < <(find experiments -maxdepth 1 -type f \( -name '*.h' -o -name '*.cc' \) | sort)
while IFS= read -r file; do
  echo "layering: $file includes Boost.Program_options; only experiments/cli/ parses options"
  violations=$((violations + 1))
done < <(grep -rlE '#include <boost/program_options' --include='*.h' --include='*.cc' \
  core traces sim devices experiments | grep -v '^experiments/cli/' | sort)

if ((violations > 0)); then
  echo "layering: $violations include(s) break the layering (see ../shared/DESIGN.md)"
  exit 1
fi
echo "layering: ok"
