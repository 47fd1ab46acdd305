#!/usr/bin/env bash
# Every *_test.cc below tests/, at any depth, is built and registered with
# CTest: a test file that a glob misses would otherwise pass silently by
# never running. Checks that each file's test suites appear in `ctest -N`.
set -euo pipefail
source_dir=${1:?usage: every_test_file_runs.sh SOURCE_DIR BINARY_DIR}
binary_dir=${2:?usage: every_test_file_runs.sh SOURCE_DIR BINARY_DIR}

registered=$(ctest --test-dir "$binary_dir" -N)
missing=0
checked=0
while IFS= read -r file; do
  suites=$(sed -n 's/^TEST\(_F\|_P\)\?(\([A-Za-z0-9_]*\),.*/\2/p' "$file" | sort -u)
  if [[ -z $suites ]]; then
    echo "every_test_file_runs: ${file#"$source_dir"/} defines no TEST"
    missing=$((missing + 1))
    continue
  fi
  for suite in $suites; do
    checked=$((checked + 1))
    if ! grep -q " $suite\." <<<"$registered"; then
      echo "every_test_file_runs: suite $suite of ${file#"$source_dir"/} is not registered with CTest"
      missing=$((missing + 1))
    fi
  done
done < <(find "$source_dir/tests" -name '*_test.cc' | sort)

if ((missing > 0)); then
  echo "every_test_file_runs: $missing problem(s); is the file under tests/<layer>/ and globbed?"
  exit 1
fi
echo "every_test_file_runs: $checked suites, all registered"
