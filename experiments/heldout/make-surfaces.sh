#!/usr/bin/env bash
# Writes the held-out evaluation surfaces (README.md) into DIR:
#   bash experiments/heldout/make-surfaces.sh DIR [build/edgetune]
# Byte-deterministic: the same binary writes the same files. Profiles come
# from this kit and sim/profiles/ only, whatever EDGETUNE_PROFILE_PATH
# the caller has, so a profile of the same id elsewhere cannot replace one.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: make-surfaces.sh DIR [edgetune binary]}
edgetune=${2:-$here/../../build/edgetune}
if [[ ! -x $edgetune ]]; then
  echo "make-surfaces.sh: $edgetune is not an executable; build edgetune or pass its path as the second argument" >&2
  exit 2
fi
mkdir -p "$out"
export EDGETUNE_PROFILE_PATH="$here/profiles"
seed=101
while read -r device model name; do
  "$edgetune" synth --device "$device" --model "$model" --seed "$seed" --out "$out/$name.h5" --force </dev/null >/dev/null
  echo "wrote $out/$name.h5"
  seed=$((seed + 1))
done <<'LIST'
jetson-orin-nano-8gb yolov8n orin-nano_yolov8n
jetson-orin-nano-8gb yolov8m orin-nano_yolov8m
jetson-orin-nano-8gb cpu-heavy orin-nano_cpu-heavy
jetson-agx-orin-64gb yolov8m agx-orin_yolov8m
jetson-agx-orin-64gb membound agx-orin_membound
jetson-xavier-nx yolov8m xavier-nx_yolov8m
jetson-xavier-nx cpu-heavy xavier-nx_cpu-heavy
jetson-xavier-nx membound xavier-nx_membound
LIST
