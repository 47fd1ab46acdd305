#include "experiments/tables/text_file.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "core/errors.h"
#include "core/text.h"

namespace experiments {

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

void check_destination(const std::string& flag, const std::string& path, bool force,
                       const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
  const std::string named = flag + " " + core::printable(path, 400);
  if (path.empty()) throw core::InputError(flag + " is empty; give a file to write");
  if (!core::valid_utf8(path)) {
    throw core::InputError(flag + ": the name is not valid UTF-8; give a UTF-8 file name");
  }
  std::error_code error;
  if (fs::is_directory(path, error)) {
    throw core::InputError(named + ": is a directory; give a file path");
  }
  const fs::path parent =
      fs::path(path).parent_path().empty() ? fs::path(".") : fs::path(path).parent_path();
  if (!fs::is_directory(parent, error)) {
    throw core::InputError(named + ": the directory " + core::printable(parent.string(), 400) +
                           " does not exist; create it first");
  }
  if (access(parent.c_str(), W_OK | X_OK) != 0) {
    throw core::InputError(named + ": the directory " + core::printable(parent.string(), 400) +
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
