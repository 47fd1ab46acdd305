// Everything the live driver may change, saved before its first write and
// written back afterwards: online CPUs, cpufreq min/max/governor per CPU,
// GPU devfreq min/max/governor, the EMC lock and rate. The snapshot is also
// a state file (one "path<TAB>value" line each) so `edgetune live --restore
// STATE` can put a board back after a hard kill.
#ifndef EDGETUNE_DEVICES_BOARD_SNAPSHOT_H_
#define EDGETUNE_DEVICES_BOARD_SNAPSHOT_H_

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
  // Reads a state file written by save(). Throws core::InputError naming
  // the file on a malformed one.
  static BoardSnapshot load(const std::string& state_file);

  // Writes the state file atomically (temp + rename).
  void save(const std::string& state_file) const;
  // Writes every saved value back: CPUs online first (their cpufreq files
  // need them), then each min/max pair in the order the kernel accepts
  // (max first when the range moves up), governors and EMC, and CPUs that
  // were offline last. Keeps going past a failing file and throws one
  // DeviceError listing the files it could not restore.
  void restore() const;

  const std::vector<std::pair<std::string, std::string>>& values() const { return values_; }

 private:
  std::vector<std::pair<std::string, std::string>> values_;  // path, value; in capture order
};

}  // namespace devices

#endif  // EDGETUNE_DEVICES_BOARD_SNAPSHOT_H_
