#include "experiments/live/live_result.h"

#include <nlohmann/json.hpp>

#include "core/trial_history.h"
#include "experiments/run/result_json.h"

namespace experiments {

nlohmann::json live_json(const std::string& optimizer, const devices::JetsonDevice& device,
                         const core::Goal& goal, std::uint64_t seed, int max_trials,
                         const core::RunLog& log) {
  core::TrialHistory history;
  history.reset(device.space());
  const std::size_t since = log.events.empty() ? 0 : log.events.back().trial;
  for (std::size_t t = since; t < log.trials.size(); ++t) history.add(log.trials[t]);
  const core::TrialHistory::Entry* rec = log.recommended ? history.find(*log.recommended) : nullptr;
  int trips = 0;
  for (const core::Measurement& m : log.trials) trips += m.power_cap_tripped;
  return {{"optimizer", optimizer},
          {"surface", nullptr},
          {"goal", goal_json(goal)},
          {"seed", seed},
          {"trials", log.trials.size()},
          {"max_trials", max_trials},
          {"stopped_early", log.stopped_early},
          {"board_seconds", log.board_seconds},
          {"recommended", config_json(device.space(), log.recommended)},
          {"throughput_fps", rec ? number_or_null(rec->mean_fps) : nlohmann::json()},
          {"power_w", rec ? number_or_null(rec->mean_w) : nlohmann::json()},
          {"feasible", rec != nullptr && core::TrialHistory::feasible(goal, *rec)},
          {"score", nullptr},
          {"oracle", nullptr},
          {"budget_violations", log.budget_violations},
          {"power_cap_trips", trips},
          {"events", events_json(log.events)},
          {"notes", device.notes()}};
}

}  // namespace experiments
