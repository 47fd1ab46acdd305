#include "experiments/tables/text_file.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/errors.h"

namespace experiments {

void write_text_atomically(const std::string& path, const std::string& text) {
  // The process id keeps two writers of one directory off each other's
  // temporaries.
  const std::string temporary = path + ".tmp-" + std::to_string(getpid());
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
