#!/usr/bin/env bash
# Every *_test.cc below tests/, at any depth, is built and registered with
# CTest: a test file that a glob misses would otherwise pass silently by
# never running. Checks that each TEST of each file appears in `ctest -N`
# (TEST and TEST_F as Suite.Name, TEST_P as Prefix/Suite.Name/N, TYPED_TEST
# as Suite/N.Name).
set -euo pipefail
source_dir=${1:?usage: every_test_file_runs.sh SOURCE_DIR BINARY_DIR}
binary_dir=${2:?usage: every_test_file_runs.sh SOURCE_DIR BINARY_DIR}

registered=$(ctest --test-dir "$binary_dir" -N | sed -n 's/^ *Test *#[0-9]*: //p')
missing=0
checked=0
while IFS= read -r file; do
  tests=$(tr -d '\n' <"$file" |
    grep -oE '(TYPED_)?TEST(_F|_P)?\(\s*[A-Za-z0-9_]+\s*,\s*[A-Za-z0-9_]+\s*\)' |
    sed -E 's/^(TYPED_)?TEST(_F|_P)?\(\s*([A-Za-z0-9_]+)\s*,\s*([A-Za-z0-9_]+)\s*\)/\1TEST\2 \3 \4/')
  if [[ -z $tests ]]; then
    echo "every_test_file_runs: ${file#"$source_dir"/} defines no test"
    missing=$((missing + 1))
    continue
  fi
  while read -r kind suite name; do
    checked=$((checked + 1))
    case $kind in
      TEST_P) pattern="(^|/)$suite\\.$name/[0-9]+$" ;;
      TYPED_TEST) pattern="^$suite/[0-9]+\\.$name$" ;;
      *) pattern="^$suite\\.$name$" ;;
    esac
    if ! grep -qE "$pattern" <<<"$registered"; then
      echo "every_test_file_runs: $suite.$name of ${file#"$source_dir"/} is not registered with CTest"
      missing=$((missing + 1))
    fi
  done <<<"$tests"
done < <(find "$source_dir/tests" -name '*_test.cc' | sort)

if ((missing > 0)); then
  echo "every_test_file_runs: $missing problem(s); is the file under tests/<layer>/ and globbed?"
  exit 1
fi
echo "every_test_file_runs: $checked tests, all registered"
