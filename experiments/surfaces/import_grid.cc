#include "experiments/surfaces/import_grid.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/errors.h"
#include "core/text.h"
#include "sim/device_profile.h"

namespace experiments {
namespace {

// A concurrency range of 1:100000 is a typo, not a grid.
constexpr double kMaxRangeLevels = 4096;
constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53

[[noreturn]] void bad_levels(const std::string& text) {
  throw core::InputError("--levels '" + core::printable(text) +
                         "' is not NAME=V1,V2,... (increasing numbers) or NAME=LO:HI (every "
                         "integer from LO to HI), e.g. --levels concurrency=1:8");
}

double parse_number(const std::string& text, const std::string& whole) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(v)) bad_levels(whole);
  return v;
}

}  // namespace

std::pair<std::string, std::vector<double>> parse_levels(const std::string& text) {
  const std::size_t equals = text.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == text.size()) bad_levels(text);
  const std::string name = text.substr(0, equals), list = text.substr(equals + 1);
  std::vector<double> values;
  if (const std::size_t colon = list.find(':'); colon != std::string::npos) {
    const double lo = parse_number(list.substr(0, colon), text);
    const double hi = parse_number(list.substr(colon + 1), text);
    // Counted in integers: past 2^53 a double's ++ would not move.
    if (lo != std::floor(lo) || hi != std::floor(hi) || hi < lo || hi - lo >= kMaxRangeLevels ||
        std::abs(lo) > kMaxExactInteger || std::abs(hi) > kMaxExactInteger)
      bad_levels(text);
    for (long long v = static_cast<long long>(lo); v <= static_cast<long long>(hi); ++v)
      values.push_back(static_cast<double>(v));
  } else {
    for (std::size_t start = 0;;) {
      const std::size_t comma = list.find(',', start);
      values.push_back(parse_number(list.substr(start, comma - start), text));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    for (std::size_t i = 1; i < values.size(); ++i)
      if (!(values[i] > values[i - 1])) bad_levels(text);
  }
  return {name, values};
}

std::map<std::string, KnobLevels> device_grid_levels(const std::string& device) {
  const std::optional<sim::DeviceProfile> profile = sim::find_device_profile(device);
  if (!profile) {
    throw core::InputError("--grid device: no device profile has id '" + core::printable(device) +
                           "' (there are: " + sim::device_profile_ids() +
                           "); give --device one of them, or each knob's levels with --levels");
  }
  std::map<std::string, KnobLevels> levels;
  for (const core::Knob& knob : profile->knobs())
    levels[knob.name] = {knob.values,
                         device + "'s " + knob.name + " table (" + profile->path + ")"};
  return levels;
}

std::optional<int> level_of(const std::vector<double>& levels, double value) {
  const auto near = [&](double level) {
    return std::abs(level - value) <= 1e-6 * std::max(std::abs(level), 1.0);
  };
  auto it = std::lower_bound(levels.begin(), levels.end(), value);
  if (it != levels.end() && near(*it)) return static_cast<int>(it - levels.begin());
  if (it != levels.begin() && near(*std::prev(it)))
    return static_cast<int>(std::prev(it) - levels.begin());
  return std::nullopt;
}

}  // namespace experiments
