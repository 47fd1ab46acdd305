// The surface reader itself, in the calling process: what load_surface
// (surface_file.h) runs in a child. Internal to traces/: libhdf5 can crash
// or hang on a damaged file, so nothing else calls this directly.
#ifndef EDGETUNE_TRACES_SURFACE_READER_H_
#define EDGETUNE_TRACES_SURFACE_READER_H_

#include <functional>
#include <string>

#include "traces/surface.h"

namespace traces {

// Told what is read next ("/knobs/gpu_freq attribute 'unit'"), before
// libhdf5 is asked for it.
using ReadProgress = std::function<void(const std::string& what)>;

// Reads and validates `path` as load_surface does, here and now.
Surface read_surface_in_process(const std::string& path, const ReadProgress& progress = {});

}  // namespace traces

#endif  // EDGETUNE_TRACES_SURFACE_READER_H_
