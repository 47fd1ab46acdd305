#include "devices/board_snapshot.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "core/errors.h"
#include "core/text.h"
#include "devices/sysfs_file.h"

namespace devices {
namespace {

namespace fs = std::filesystem;

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The partner of a min file ("min_freq" <-> "max_freq", ...), or "".
std::string max_partner(const std::string& path) {
  for (const auto& [min, max] :
       {std::pair<std::string, std::string>{"scaling_min_freq", "scaling_max_freq"},
        {"min_freq", "max_freq"},
        {"min_rate", "max_rate"}}) {
    if (ends_with(path, "/" + min)) return path.substr(0, path.size() - min.size()) + max;
  }
  return "";
}

bool same_directory(const std::string& a, const std::string& b) {
  std::error_code error;
  return fs::weakly_canonical(a, error) == fs::weakly_canonical(b, error);
}

// The files the driver writes on the board under a sysfs root: by their
// path under ROOT/sys, and resolving (symlinks followed, as sysfs's class
// links are) inside ROOT/sys, which is resolved once.
class KnobFiles {
 public:
  explicit KnobFiles(const std::string& root) : sys_((fs::path(root) / "sys").string() + "/") {
    std::error_code error;
    const fs::path real = fs::canonical(fs::path(root) / "sys", error);
    if (!error) real_sys_ = real.string() + "/";
  }

  bool contains(const std::string& path) const {
    static const std::regex knob(
        "devices/system/cpu/cpu[0-9]+/(online|cpufreq/(scaling_min_freq|scaling_max_freq|"
        "scaling_governor))|class/devfreq/[^/]+/(min_freq|max_freq|governor)|"
        "kernel/debug/bpmp/debug/clk/emc/(min_rate|max_rate|rate|mrq_rate_locked)");
    if (real_sys_.empty() || path.compare(0, sys_.size(), sys_) != 0 ||
        !std::regex_match(path.substr(sys_.size()), knob))
      return false;
    std::error_code error;
    const std::string real = fs::canonical(path, error).string();
    return !error && real.compare(0, real_sys_.size(), real_sys_) == 0;
  }

 private:
  std::string sys_;       // ROOT/sys/ as written
  std::string real_sys_;  // ROOT/sys/ resolved; empty when it does not exist
};

// A value of the kind the knob file holds: 0 or 1 for online and the EMC
// lock, a whole number for a clock, a governor's name.
bool is_knob_value(const std::string& path, const std::string& value) {
  static const std::regex flag("[01]"), number("[0-9]{1,19}"), name("[A-Za-z0-9_]{1,64}");
  if (ends_with(path, "/online") || ends_with(path, "/mrq_rate_locked"))
    return std::regex_match(value, flag);
  if (ends_with(path, "governor")) return std::regex_match(value, name);
  return std::regex_match(value, number);
}

bool is_max_file(const std::string& path) {
  return ends_with(path, "/scaling_max_freq") || ends_with(path, "/max_freq") ||
         ends_with(path, "/max_rate");
}

}  // namespace

std::vector<std::string> BoardSnapshot::knob_files(const BoardLayout& layout) {
  std::vector<std::string> files = layout.cpu.online_files;
  for (const std::string& dir : layout.cpu.cpufreq_dirs) {
    for (const char* name : {"/scaling_min_freq", "/scaling_max_freq", "/scaling_governor"})
      files.push_back(dir + name);
  }
  if (layout.gpu) {
    for (const char* name : {"/min_freq", "/max_freq", "/governor"})
      files.push_back(layout.gpu->dir + name);
  }
  if (layout.emc) {
    files.push_back(layout.emc->dir + "/min_rate");
    files.push_back(layout.emc->dir + "/max_rate");
    files.push_back(layout.emc_lock_file);
    files.push_back(layout.emc->dir + "/rate");
  }
  return files;
}

BoardSnapshot BoardSnapshot::take(const BoardLayout& layout) {
  BoardSnapshot s;
  s.root_ = layout.root;
  for (const std::string& path : knob_files(layout)) s.values_.emplace_back(path, read_sysfs(path));
  return s;
}

BoardSnapshot BoardSnapshot::load(const std::string& state_file, const std::string& sysfs_root) {
  std::ifstream in(state_file, std::ios::binary);
  if (!in) throw core::InputError(state_file + ": cannot read the state file");
  std::string text;
  char buffer[4096];
  while (text.size() <= kMaxStateBytes && in.read(buffer, sizeof buffer).gcount() > 0)
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxStateBytes) {
    throw core::InputError(state_file + ": larger than " + std::to_string(kMaxStateBytes) +
                           " bytes; not an edgetune board state file");
  }
  std::istringstream lines(text);
  std::string line;
  std::getline(lines, line);
  const bool v2 = line == "edgetune-board-state 2";
  if (!v2 && line != "edgetune-board-state 1") {
    throw core::InputError(state_file + ": not an edgetune board state file");
  }
  BoardSnapshot s;
  s.root_ = sysfs_root;
  const KnobFiles allowed(sysfs_root);
  for (std::size_t row = 2; std::getline(lines, line); ++row) {
    const std::size_t tab = line.find('\t');
    const auto bad_line = [&](const std::string& why) {
      return core::InputError(state_file + ": line " + std::to_string(row) + " " + why);
    };
    if (tab == std::string::npos) throw bad_line("is not PATH<TAB>VALUE; the file is damaged");
    std::string path = line.substr(0, tab), value = line.substr(tab + 1);
    if (v2 && row == 2) {
      if (path != "root") throw bad_line("does not name the sysfs root; the file is damaged");
      if (!same_directory(value, sysfs_root)) {
        throw core::InputError(state_file + ": saved from the board under " +
                               core::printable(value, 200) + "; pass --sysfs-root " +
                               core::printable(value, 200) + " to restore it");
      }
      continue;
    }
    if (!allowed.contains(path)) {
      throw bad_line("names '" + core::printable(path, 200) +
                     "', not a knob file of the board under " + core::printable(sysfs_root, 200) +
                     "; it restores only the files edgetune saved from that board");
    }
    if (!is_knob_value(path, value)) {
      throw bad_line("holds '" + core::printable(value, 200) + "', not a value " +
                     core::printable(path, 200) + " takes; the file is damaged");
    }
    s.values_.emplace_back(std::move(path), std::move(value));
  }
  return s;
}

void BoardSnapshot::save(const std::string& state_file) const {
  // One line per value: a line break in a path or value would forge lines.
  for (const auto& [path, value] : values_) {
    if ((path + value + root_).find_first_of("\t\n") != std::string::npos) {
      throw core::InputError(core::printable(path, 200) +
                             ": a tab or line break in a sysfs path or value; "
                             "give a --sysfs-root without one");
    }
  }
  const std::string temporary = state_file + ".tmp-" + std::to_string(getpid());
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << "edgetune-board-state 2\nroot\t" << root_ << '\n';
    for (const auto& [path, value] : values_) out << path << '\t' << value << '\n';
    if (!out.flush()) {
      std::remove(temporary.c_str());
      throw core::InputError(state_file + ": cannot write the board state; nothing was changed");
    }
  }
  if (std::rename(temporary.c_str(), state_file.c_str()) != 0) {
    std::remove(temporary.c_str());
    throw core::InputError(state_file + ": cannot write the board state; nothing was changed");
  }
}

void BoardSnapshot::restore() const {
  std::string failed;
  auto put = [&](const std::string& path, const std::string& value) {
    try {
      write_sysfs(path, value);
    } catch (const core::DeviceError& e) {
      failed += (failed.empty() ? "" : "; ") + std::string(e.what());
    }
  };
  auto value_of = [&](const std::string& path) -> const std::string* {
    for (const auto& [p, v] : values_) {
      if (p == path) return &v;
    }
    return nullptr;
  };
  // 1. CPUs that were online come back first.
  for (const auto& [path, value] : values_) {
    if (ends_with(path, "/online") && value == "1") put(path, value);
  }
  // 2. Everything else but the online files, min/max as pairs.
  for (const auto& [path, value] : values_) {
    if (ends_with(path, "/online")) continue;
    const std::string max_path = max_partner(path);
    if (!max_path.empty()) {
      const std::string* max_value = value_of(max_path);
      if (!max_value) {
        put(path, value);
        continue;
      }
      // Raising the range: max first, else min first, so min <= max holds.
      double current_max = 0;
      try {
        current_max = read_sysfs_number(max_path);
      } catch (const core::DeviceError&) {
      }
      if (std::stod(value) > current_max) {
        put(max_path, *max_value);
        put(path, value);
      } else {
        put(path, value);
        put(max_path, *max_value);
      }
      continue;
    }
    if (!is_max_file(path)) put(path, value);  // max files went with their min
  }
  // 3. CPUs that were offline go back offline last.
  for (const auto& [path, value] : values_) {
    if (ends_with(path, "/online") && value != "1") put(path, value);
  }
  if (!failed.empty()) throw core::DeviceError("could not restore: " + failed);
}

}  // namespace devices
