// Writing a whole file so that no reader sees half of it: the destination
// checked before the work, a temporary beside it, renamed over it only once
// it is complete.
#ifndef EDGETUNE_EXPERIMENTS_TABLES_TEXT_FILE_H_
#define EDGETUNE_EXPERIMENTS_TABLES_TEXT_FILE_H_

#include <string>
#include <vector>

namespace experiments {

// A temporary file name beside `path`, unique to this process and call:
// two threads or processes writing one destination never share it.
std::string temporary_beside(const std::string& path);

// Replaces `path` with `text`. Throws core::InputError naming `path` when
// the temporary cannot be written (it is removed) or renamed.
void write_text_atomically(const std::string& path, const std::string& text);

// Checks an output file's path before any work is done for it, so nothing
// is measured or computed only to be lost: `flag` (e.g. "--out") names the
// option in errors. Refused: a path that is not valid UTF-8 (tables, JSON
// and h5py name it later), a directory, a missing or unwritable parent
// directory, an existing file unless `force`, and ever one of `inputs`
// (the same file under any name), which --force would destroy.
void check_destination(const std::string& flag, const std::string& path, bool force,
                       const std::vector<std::string>& inputs = {});

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_TABLES_TEXT_FILE_H_
