// A Surface as bytes and back, exactly (every double bit for bit): how a
// surface read in a child process (traces/contained_read.h) reaches its
// parent. Not a file format: both ends are the same build.
#ifndef EDGETUNE_TRACES_SURFACE_CODEC_H_
#define EDGETUNE_TRACES_SURFACE_CODEC_H_

#include <string>

#include "traces/surface.h"

namespace traces {

std::string encode_surface(const Surface& surface);
// Throws core::InputError when `bytes` is not a whole encoded surface.
Surface decode_surface(const std::string& bytes);

}  // namespace traces

#endif  // EDGETUNE_TRACES_SURFACE_CODEC_H_
