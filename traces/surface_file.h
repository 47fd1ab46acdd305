// Reading, writing and validating performance-surface files (HDF5,
// ../shared/surface-format.md, version 1).
#ifndef EDGETUNE_TRACES_SURFACE_FILE_H_
#define EDGETUNE_TRACES_SURFACE_FILE_H_

#include <string>

#include "core/text.h"
#include "traces/surface.h"

namespace traces {

// Loads and validates `path`. Every rule of the format is enforced; a
// violation throws core::InputError with one line naming the file, the
// object and the rule, e.g.
//   "surface.h5: /knobs/gpu_freq: values not strictly increasing".
// A missing file, a directory, or a file that is not HDF5 (or truncated)
// also throws InputError. The file is read in a process of its own
// (contained_read.cc, edgetune-surface-reader): a damaged file that crashes
// or hangs libhdf5 costs an InputError naming the object being read, never
// the caller's process; the reader gets 0.5 s of CPU plus 1 s per 20 MB of
// file. Costs a process start and a cold read per load (see the README's
// performance table);
// sweeps load each surface once. Throughput, power (in /metrics and
// /repeats) and every /metrics_std value must be NaN or a finite number
// >= 0: a negative power or an infinite throughput is no measurement, and
// would turn the oracle and every score into nonsense.
Surface load_surface(const std::string& path);

// Checks an in-memory surface against the same rules (so files we write are
// always loadable); throws InputError naming `surface.label()`.
void validate_surface(const Surface& surface);

// Throws InputError when `surface` has points nobody measured and no model
// filled (a sampled recording): replaying it would read them as
// configurations that cannot run. The message names `edgetune complete`.
void require_replayable(const Surface& surface);

// One-line messages (core/text.h), which traces' callers have long named
// traces::one_line and traces::printable.
using core::one_line;
using core::printable;

// Writes `surface` to `path` atomically: to a temporary file in the same
// directory, then renamed, so no partial file is ever left behind. Throws
// InputError when `path` exists and `overwrite` is false, or is unwritable.
void write_surface(const Surface& surface, const std::string& path, bool overwrite = false);

}  // namespace traces

#endif  // EDGETUNE_TRACES_SURFACE_FILE_H_
