#include "devices/board_snapshot.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "core/errors.h"
#include "devices/sysfs_file.h"

namespace devices {
namespace {

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

bool is_max_file(const std::string& path) {
  return ends_with(path, "/scaling_max_freq") || ends_with(path, "/max_freq") ||
         ends_with(path, "/max_rate");
}

}  // namespace

BoardSnapshot BoardSnapshot::take(const BoardLayout& layout) {
  BoardSnapshot s;
  auto keep = [&](const std::string& path) { s.values_.emplace_back(path, read_sysfs(path)); };
  for (const std::string& f : layout.cpu.online_files) keep(f);
  for (const std::string& dir : layout.cpu.cpufreq_dirs) {
    keep(dir + "/scaling_min_freq");
    keep(dir + "/scaling_max_freq");
    keep(dir + "/scaling_governor");
  }
  if (layout.gpu) {
    keep(layout.gpu->dir + "/min_freq");
    keep(layout.gpu->dir + "/max_freq");
    keep(layout.gpu->dir + "/governor");
  }
  if (layout.emc) {
    keep(layout.emc->dir + "/min_rate");
    keep(layout.emc->dir + "/max_rate");
    keep(layout.emc_lock_file);
    keep(layout.emc->dir + "/rate");
  }
  return s;
}

BoardSnapshot BoardSnapshot::load(const std::string& state_file) {
  std::ifstream in(state_file);
  if (!in) throw core::InputError(state_file + ": cannot read the state file");
  BoardSnapshot s;
  std::string line;
  if (!std::getline(in, line) || line != "edgetune-board-state 1") {
    throw core::InputError(state_file + ": not an edgetune board state file");
  }
  while (std::getline(in, line)) {
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos)
      throw core::InputError(state_file + ": malformed line '" + line + "'");
    s.values_.emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }
  return s;
}

void BoardSnapshot::save(const std::string& state_file) const {
  const std::string temporary = state_file + ".tmp-" + std::to_string(getpid());
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << "edgetune-board-state 1\n";
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
