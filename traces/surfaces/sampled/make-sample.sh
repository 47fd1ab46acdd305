#!/usr/bin/env bash
# Regenerates the worked example of a sampled recording, byte for byte:
# 10% of the LoudVA Jetson Xavier NX grid (../recorded/xavier-nx_inception.h5)
# drawn as `live --record` draws a sample (Latin hypercube, the corners
# included), and that sample completed by `edgetune complete` (the model's
# median at each unmeasured point, the default).
#   bash traces/surfaces/sampled/make-sample.sh [path/to/edgetune]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
edgetune=${1:-$here/../../../build/edgetune}
[[ -x $edgetune ]] || { echo "make-sample: no edgetune binary at $edgetune; build first"; exit 1; }
cd "$here"
"$edgetune" sample ../recorded/xavier-nx_inception.h5 --fraction 0.1 --design lhs --seed 1 \
  --out xavier-nx_inception_sample10.h5 --force
"$edgetune" complete xavier-nx_inception_sample10.h5 --method log-gp --values median --seed 1 \
  --out xavier-nx_inception_sample10_completed.h5 --force
