#!/usr/bin/env bash
# A sweep run as a Slurm job array on a real single-node Slurm equals the
# same sweep run locally, byte for byte: `sweep --slurm 4 --submit` submits
# the training job, a 4-task array and the merge; the test waits (bounded)
# for the merge and compares runs.csv, trials.csv and results.h5. It starts
# munged, slurmctld and slurmd itself (local_slurm.sh), stops only those, by
# their pids, and removes its files. Where Slurm cannot start (not root,
# packages missing) it says why and skips, except under CI, where it fails.
# usage: slurm_sweep_test.sh EDGETUNE_BINARY SOURCE_DIR [TIMEOUT_S]
set -u
edgetune=$1
source_dir=$2
timeout_s=${3:-120}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=local_slurm.sh
. "$here/local_slurm.sh"

why=$(local_slurm_unavailable)
if [ -n "$why" ]; then
  if [ -n "${CI:-}" ]; then echo "FAIL: CI must run this test, but: $why"; exit 1; fi
  echo "SKIP: cannot start a local Slurm: $why"
  exit 77
fi

tmp=$(mktemp -d /tmp/edgetune-slurm-test.XXXXXX)
chmod 755 "$tmp"  # munged (user munge) must reach its socket inside
finish() {
  local status=$?
  if [ "$status" -ne 0 ] && [ -d "$tmp" ]; then
    echo "--- logs ---"
    tail -n 20 "$tmp"/slurm/log/*.log "$tmp"/cluster/slurm/logs/*.out 2>/dev/null
  fi
  local_slurm_stop
  rm -rf "$tmp"
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

mkdir "$tmp/slurm"
local_slurm_start "$tmp/slurm" || { echo "FAIL: local Slurm did not start"; exit 1; }

surfaces="$source_dir/traces/surfaces"
sweep=(sweep --quiet --surfaces "$surfaces/xavier-nx_yolov8s.h5" "$surfaces/agx-orin_yolov8x.h5"
       --optimizers coral,random,dvfo,exhaustive --scenarios smoke --seeds 3)

start=$SECONDS
"$edgetune" "${sweep[@]}" --out "$tmp/local" >/dev/null || { echo "FAIL: local sweep"; exit 1; }
echo "local sweep: $((SECONDS - start)) s"

start=$SECONDS
submitted=$("$edgetune" "${sweep[@]}" --slurm 4 --cpus-per-task 1 --out "$tmp/cluster" --submit) ||
  { echo "FAIL: submission: $submitted"; exit 1; }
echo "$submitted"
merge_job=$(echo "$submitted" | grep -o 'merge [0-9]*' | cut -d' ' -f2)
[ -n "$merge_job" ] || { echo "FAIL: no merge job id in: $submitted"; exit 1; }
echo "$submitted" | grep -q 'train [0-9]' || { echo "FAIL: no training job (dvfo trains)"; exit 1; }

deadline=$((SECONDS + timeout_s))
state=$(local_slurm_job_state "$merge_job")
until [ "$state" = COMPLETED ]; do
  case "$state" in
    FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY | PREEMPTED)
      echo "FAIL: merge job $merge_job ended $state"; exit 1 ;;
  esac
  # A dependency that can never be met (a failed shard) leaves it pending.
  if scontrol show job "$merge_job" -o 2>/dev/null | grep -q 'Reason=DependencyNeverSatisfied'; then
    echo "FAIL: a job the merge waits for failed"; exit 1
  fi
  [ "$SECONDS" -lt "$deadline" ] || { echo "FAIL: merge not done in $timeout_s s ($state)"; exit 1; }
  sleep 1
  state=$(local_slurm_job_state "$merge_job")
done
echo "Slurm: training, 4 shards and merge in $((SECONDS - start)) s"

for file in runs.csv trials.csv results.h5; do
  cmp "$tmp/local/$file" "$tmp/cluster/$file" || { echo "FAIL: $file differs"; exit 1; }
done
rows=$(($(wc -l <"$tmp/cluster/runs.csv") - 1))
[ "$rows" -eq 72 ] || { echo "FAIL: $rows runs merged, expected 72"; exit 1; }
"$edgetune" report "$tmp/cluster" >/dev/null || { echo "FAIL: report on the merged sweep"; exit 1; }
echo "PASS: merged sweep equals the local one ($rows runs)"
