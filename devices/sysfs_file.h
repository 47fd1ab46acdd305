// Reading and writing one sysfs (or debugfs) attribute file with errors
// that name the file and the fix. Every live-driver access goes through here
// so tests can point the root at a fake tree.
#ifndef EDGETUNE_DEVICES_SYSFS_FILE_H_
#define EDGETUNE_DEVICES_SYSFS_FILE_H_

#include <string>

namespace devices {

// The whole content of `path` with trailing whitespace removed. Throws
// core::DeviceError when the file is missing or unreadable.
std::string read_sysfs(const std::string& path);
// read_sysfs() parsed as a number; throws DeviceError on garbage.
double read_sysfs_number(const std::string& path);
// Writes `value` to `path` (no trailing newline, as `echo -n`). Throws
// DeviceError when the file is missing, read-only or the write is refused.
void write_sysfs(const std::string& path, const std::string& value);

}  // namespace devices

#endif  // EDGETUNE_DEVICES_SYSFS_FILE_H_
