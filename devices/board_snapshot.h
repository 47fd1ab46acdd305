// Everything the live driver may change, saved before its first write and
// written back afterwards: online CPUs, cpufreq min/max/governor per CPU,
// GPU devfreq min/max/governor, the EMC lock and rate. The snapshot is also
// a state file (a "root<TAB>sysfs root" line, then one "path<TAB>value"
// line each) so `edgetune live --restore STATE` can put a board back after
// a hard kill.
#ifndef EDGETUNE_DEVICES_BOARD_SNAPSHOT_H_
#define EDGETUNE_DEVICES_BOARD_SNAPSHOT_H_

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "devices/board_layout.h"

namespace devices {

class BoardSnapshot {
 public:
  // Reads every value the driver may write. Throws DeviceError naming the
  // file when one cannot be read.
  static BoardSnapshot take(const BoardLayout& layout);
  // Every file take() reads (and restore() may write) on this board.
  static std::vector<std::string> knob_files(const BoardLayout& layout);
  // Reads a state file written by save() for the board under `sysfs_root`
  // (a version-2 file must have been saved under that root; a version-1
  // file recorded none). A state file is written back as root, so it may
  // touch nothing but knob files: each path must be a CPU online/cpufreq,
  // GPU devfreq or EMC clock file by name, resolve (symlinks followed)
  // inside ROOT/sys, and hold a value of that file's kind. Anything else,
  // a malformed file or one over kMaxStateBytes is a core::InputError
  // naming the file.
  static BoardSnapshot load(const std::string& state_file, const std::string& sysfs_root);
  // A real board's state file is a few KB (one line per CPU file).
  static constexpr std::size_t kMaxStateBytes = std::size_t{1} << 20;

  // Writes the state file atomically (temp + rename).
  void save(const std::string& state_file) const;
  // Writes every saved value back: CPUs online first (their cpufreq files
  // need them), then each min/max pair in the order the kernel accepts
  // (max first when the range moves up), governors and EMC, and CPUs that
  // were offline last. Keeps going past a failing file and throws one
  // DeviceError listing the files it could not restore.
  void restore() const;

  const std::vector<std::pair<std::string, std::string>>& values() const { return values_; }
  // The sysfs root the snapshot was taken under.
  const std::string& root() const { return root_; }

 private:
  std::string root_;
  std::vector<std::pair<std::string, std::string>> values_;  // path, value; in capture order
};

}  // namespace devices

#endif  // EDGETUNE_DEVICES_BOARD_SNAPSHOT_H_
