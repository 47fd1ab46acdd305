#!/usr/bin/env bash
# The figures of the README's "Running on a cluster": the paper sweep (the
# README's main job) at 30 seeds on this machine, then as N = 2, 4, 8 Slurm
# array tasks of one CPU each on a local single-node Slurm (local_slurm.sh),
# with per-task times, the merge and the end-to-end wall time; checks every
# merged result equals the local one byte for byte. Needs root.
# usage: slurm_figures.sh EDGETUNE_BINARY [SEEDS]
set -eu
edgetune=$(realpath "$1")
seeds=${2:-30}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/local_slurm.sh"
why=$(local_slurm_unavailable)
[ -z "$why" ] || { echo "cannot start a local Slurm: $why"; exit 1; }
tmp=$(mktemp -d /tmp/edgetune-slurm-figures.XXXXXX)
chmod 755 "$tmp"
trap 'local_slurm_stop; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
mkdir "$tmp/slurm"
local_slurm_start "$tmp/slurm"

sweep=(sweep --quiet --optimizers coral,coral-uniform,bo,dvfo,maple-edge,random,static-maxn,static-nvpmodel
       --scenarios paper --seeds "$seeds")
start=$(date +%s.%N)
"$edgetune" "${sweep[@]}" --out "$tmp/local" --jobs "$(nproc)" --json >"$tmp/local.json"
local_wall=$(echo "$(date +%s.%N) - $start" | bc)
python3 - "$tmp/local.json" "$local_wall" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
print(f"one machine, {j['jobs']} threads: {j['runs_total']} runs, training {j['training_seconds']:.1f} s "
      f"+ runs {j['wall_seconds']:.1f} s; {float(sys.argv[2]):.1f} s end to end")
PY

for n in 2 4 8; do
  out=$tmp/n$n
  start=$(date +%s.%N)
  submitted=$("$edgetune" "${sweep[@]}" --slurm "$n" --cpus-per-task 1 --out "$out" --submit)
  merge_job=$(echo "$submitted" | grep -o 'merge [0-9]*' | cut -d' ' -f2)
  until [ "$(local_slurm_job_state "$merge_job")" = COMPLETED ]; do
    case "$(local_slurm_job_state "$merge_job")" in FAILED|CANCELLED|TIMEOUT) echo "merge failed"; exit 1;; esac
    sleep 0.5
  done
  wall=$(echo "$(date +%s.%N) - $start" | bc)
  # Each job's start and end (1 s resolution), while slurmctld still holds them.
  for job in $(echo "$submitted" | grep -o '[a-z]* [0-9]*' | cut -d' ' -f2); do
    scontrol show job "$job" -o
  done | grep -o 'JobId=[0-9]* .*JobName=[^ ]*\|StartTime=[^ ]*\|EndTime=[^ ]*' \
    | paste - - - >"$out.phases"
  for f in runs.csv trials.csv results.h5; do cmp "$tmp/local/$f" "$out/$f"; done
  python3 - "$out" "$n" "$wall" <<'PY'
import datetime, json, re, sys
out, n, wall = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
phases = {}
for line in open(f"{out}.phases"):
    name = re.search(r"JobName=edgetune-(\w+)", line).group(1)
    start, end = (datetime.datetime.fromisoformat(t) for t in re.findall(r"Time=(\S+)", line))
    first, last = phases.get(name, (start, end))
    phases[name] = (min(first, start), max(last, end))
t0 = min(p[0] for p in phases.values())
print("  jobs (s from the first start): " + ", ".join(
    f"{k} {(a - t0).seconds}-{(b - t0).seconds}" for k, (a, b) in phases.items()))
merged = json.load(open(f"{out}/sweep.json"))
tasks = [s["stats"] for s in merged["merged_from"]]
runs = [t["wall_seconds"] for t in tasks]
loads = [t["training_seconds"] for t in tasks]
print(f"N={n}: per-task runs {min(runs):.2f}-{max(runs):.2f} s (sum {sum(runs):.1f} s), "
      f"weights loaded in <= {max(loads):.3f} s, merge {merged['merge_seconds']:.2f} s, "
      f"{wall:.1f} s end to end (identical files)")
PY
done
