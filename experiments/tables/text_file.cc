#include "experiments/tables/text_file.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "core/errors.h"

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

}  // namespace experiments
