#!/usr/bin/env bash
# Regenerates the recorded surfaces in this folder, byte for byte, from the
# LoudVA project's measurements (github.com/iloudaros/LoudVA, MIT licence,
# commit 2b4b15efa5231d445b85d500ea5ef51d381a64c3, files
# measurements/archive/Representative/<board>/measurements/energy/freqs/
# energy_calculated_freq_<Hz>.csv, copied unchanged into loudva/<board>/).
# Each file holds, per client concurrency, the mean board power (W, from
# tegrastats), average latency (s) and throughput (inferences/s) of
# Inception served by Triton with dynamic batching at one GPU frequency.
#   bash traces/surfaces/recorded/make-loudva.sh [path/to/edgetune]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
edgetune=${1:-$here/../../../build/edgetune}
[[ -x $edgetune ]] || { echo "make-loudva: no edgetune binary at $edgetune; build first"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One long-format table per board: the GPU frequency from each file's name,
# then the file's rows.
long_table() {
  local board=$1
  echo "gpu_hz,concurrency,power_w,latency_s,throughput"
  for file in "$here/loudva/$board"/energy_calculated_freq_*.csv; do
    local hz=${file##*_freq_}
    hz=${hz%.csv}
    tail -n +2 "$file" | tr -d ' \r' | awk -F, -v hz="$hz" 'NF >= 4 { print hz "," $1 "," $2 "," $3 "," $4 }'
  done
}

import() {
  local board=$1 device=$2 out=$3 name=$4
  long_table "$board" >"$work/$board.csv"
  "$edgetune" import --csv "$work/$board.csv" \
    --knob gpu_freq=gpu_hz:MHz concurrency=concurrency:count \
    --metric throughput=throughput:fps power=power_w:W latency_mean=latency_s:ms \
    --scale gpu_hz=1e-6 latency_s=1000 --device "$device" --model inception-triton \
    --description "Recorded by the LoudVA project on a $name (github.com/iloudaros/LoudVA, MIT licence, commit 2b4b15e, measurements/archive/Representative/$board): Inception served by Triton with dynamic batching, GPU frequency x client concurrency; throughput in inferences/s, mean board power from tegrastats, average latency; one reading per point, so no /metrics_std" \
    --out "$here/$out" --force
}

import xavier-nx-00 jetson-xavier-nx xavier-nx_inception.h5 "Jetson Xavier NX (xavier-nx-00)"
import LoudJetson0 jetson-nano jetson-nano_inception.h5 "Jetson Nano (LoudJetson0)"
