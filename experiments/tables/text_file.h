// Writing a whole text file so that no reader sees half of it: a temporary
// beside the destination, renamed over it only once it is complete.
#ifndef EDGETUNE_EXPERIMENTS_TABLES_TEXT_FILE_H_
#define EDGETUNE_EXPERIMENTS_TABLES_TEXT_FILE_H_

#include <string>

namespace experiments {

// A temporary file name beside `path`, unique to this process and call:
// two threads or processes writing one destination never share it.
std::string temporary_beside(const std::string& path);

// Replaces `path` with `text`. Throws core::InputError naming `path` when
// the temporary cannot be written (it is removed) or renamed.
void write_text_atomically(const std::string& path, const std::string& text);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_TABLES_TEXT_FILE_H_
