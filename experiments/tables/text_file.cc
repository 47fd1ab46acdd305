#include "experiments/tables/text_file.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "core/errors.h"

namespace experiments {
namespace {

// A path for a one-line message: control bytes (a line break in a name)
// as '?'.
std::string printable(std::string path) {
  for (char& c : path) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return path;
}

}  // namespace

std::string temporary_beside(const std::string& path) {
  static std::atomic<unsigned> calls{0};
  return path + ".tmp-" + std::to_string(getpid()) + "-" + std::to_string(calls++);
}

void write_text_atomically(const std::string& path, const std::string& text) {
  const std::string temporary = temporary_beside(path);
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      throw core::InputError(path + ": cannot write (disk full or directory unwritable?)");
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw core::InputError(path + ": cannot replace the file: " + error.message());
  }
}

bool valid_utf8(const std::string& text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    const unsigned char c = *p;
    std::size_t n = 0;
    unsigned min = 0;
    if (c < 0x80) {
      ++p;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3, min = 0x10000;
    } else {
      return false;
    }
    if (static_cast<std::size_t>(end - p) <= n) return false;
    unsigned code = c & (0x3F >> n);
    for (std::size_t i = 1; i <= n; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      code = (code << 6) | (p[i] & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    p += n + 1;
  }
  return true;
}

void check_destination(const std::string& flag, const std::string& path, bool force,
                       const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
  const std::string named = flag + " " + printable(path);
  if (path.empty()) throw core::InputError(flag + " is empty; give a file to write");
  if (!valid_utf8(path)) {
    throw core::InputError(flag + ": the name is not valid UTF-8; give a UTF-8 file name");
  }
  std::error_code error;
  if (fs::is_directory(path, error)) {
    throw core::InputError(named + ": is a directory; give a file path");
  }
  const fs::path parent =
      fs::path(path).parent_path().empty() ? fs::path(".") : fs::path(path).parent_path();
  if (!fs::is_directory(parent, error)) {
    throw core::InputError(named + ": the directory " + printable(parent.string()) +
                           " does not exist; create it first");
  }
  if (access(parent.c_str(), W_OK | X_OK) != 0) {
    throw core::InputError(named + ": the directory " + printable(parent.string()) +
                           " is not writable; choose another place or fix its permissions");
  }
  if (!fs::exists(path, error)) return;
  for (const std::string& input : inputs) {
    if (fs::equivalent(path, input, error)) {
      throw core::InputError(named + ": is an input of this command; choose another file");
    }
  }
  if (!force) throw core::InputError(named + ": exists; pass --force to overwrite it");
}

}  // namespace experiments
