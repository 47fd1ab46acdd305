#include "devices/sysfs_file.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/errors.h"

namespace devices {
namespace {

std::string reason(int error) {
  if (error == ENOENT) return "does not exist; check --sysfs-root and that the board exposes it";
  if (error == EACCES || error == EPERM || error == EROFS)
    return "permission denied; run edgetune live as root (sudo)";
  return std::strerror(error);
}

}  // namespace

std::string read_sysfs(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw core::DeviceError(path + ": cannot read: " + reason(errno));
  std::ostringstream content;
  content << in.rdbuf();
  std::string text = content.str();
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return text;
}

double read_sysfs_number(const std::string& path) {
  const std::string text = read_sysfs(path);
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || errno != 0 || *end != '\0') {
    throw core::DeviceError(path + ": expected a number, read '" + text.substr(0, 40) +
                            "'; the driver or sensor may have failed");
  }
  return value;
}

void write_sysfs(const std::string& path, const std::string& value) {
  std::ofstream out(path, std::ios::in | std::ios::out | std::ios::trunc);
  if (!out) throw core::DeviceError(path + ": cannot write: " + reason(errno));
  out << value;
  out.flush();
  if (!out) {
    throw core::DeviceError(path + ": the kernel refused '" + value + "': " + reason(errno));
  }
}

}  // namespace devices
