#!/usr/bin/env bash
# Regenerates the shipped surfaces byte for byte: bash traces/surfaces/regenerate.sh [build/edgetune]
set -euo pipefail
cd "$(dirname "$0")"
edgetune=${1:-../../build/edgetune}
synth() { "$edgetune" synth --device "$1" --model "$2" --seed "$3" --repeats "$4" --out "$5" --force; }
synth jetson-agx-orin-64gb yolov8n 1 0 agx-orin_yolov8n.h5
synth jetson-agx-orin-64gb yolov8s 2 5 agx-orin_yolov8s.h5
synth jetson-agx-orin-64gb yolov8x 3 0 agx-orin_yolov8x.h5
synth jetson-xavier-nx yolov8n 4 0 xavier-nx_yolov8n.h5
synth jetson-xavier-nx yolov8s 5 0 xavier-nx_yolov8s.h5
synth jetson-xavier-nx yolov8x 6 0 xavier-nx_yolov8x.h5
