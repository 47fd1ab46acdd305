// A board's named power mode (nvpmodel), as device profiles state it and the
// static-nvpmodel baseline measures it. A plain value type: the simulator
// and the CLI use it without pulling in any optimizer.
#ifndef EDGETUNE_CORE_POWER_MODE_H_
#define EDGETUNE_CORE_POWER_MODE_H_

#include <map>
#include <string>

namespace core {

// The highest value each capped knob may take. Knobs not named are uncapped.
struct PowerMode {
  std::string name;                         // "MAXN", "30W", ...
  std::map<std::string, double> max_value;  // knob name -> cap (knob units)
};

}  // namespace core

#endif  // EDGETUNE_CORE_POWER_MODE_H_
