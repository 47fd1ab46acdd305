// libFuzzer target over the surface reader as every command uses it
// (traces::load_surface: the read runs in a reader process). Each input is
// written to a file and loaded; it must come back as a surface that passes
// validate_surface or as one InputError line naming the file. Anything else
// (another exception, a second line, a crash or hang of this process, a
// sanitizer report) is a finding. Build and run: .ci/fuzz (see README.md).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "core/errors.h"
#include "traces/surface_file.h"

namespace {

const std::string& input_path() {
  static const std::string path =
      "/tmp/edgetune-fuzz-" + std::to_string(static_cast<long>(getpid())) + ".h5";
  return path;
}

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "FUZZ FINDING: %s\n", what.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = input_path();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    traces::validate_surface(traces::load_surface(path));
  } catch (const core::InputError& e) {
    const std::string message = e.what();
    if (message.rfind(path + ": ", 0) != 0) finding("error does not name the file: " + message);
    if (message.find('\n') != std::string::npos) finding("error spans lines: " + message);
  } catch (const std::exception& e) {
    finding(std::string("not an InputError: ") + e.what());
  }
  return 0;
}
