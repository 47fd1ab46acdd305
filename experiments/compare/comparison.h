// One comparison as `edgetune compare` and `edgetune.compare()` make it:
// one sweep (every method against one) or two (BASE, NEW: the gate).
#ifndef EDGETUNE_EXPERIMENTS_COMPARE_COMPARISON_H_
#define EDGETUNE_EXPERIMENTS_COMPARE_COMPARISON_H_

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "experiments/compare/exploration_summary.h"
#include "experiments/compare/method_ranking.h"
#include "experiments/compare/paired_comparison.h"
#include "experiments/tables/report_table.h"

namespace experiments {

struct CompareOptions {
  // One sweep: the method the others face (default: coral when the sweep
  // has it, else its first).
  std::optional<std::string> against;
  double tolerance = 0.01;  // the gate's: a smaller median loss is no regression
  double alpha = 0.05;      // after Holm's correction
  std::uint64_t seed = 0;   // of the bootstrap intervals
};

struct Comparison {
  std::vector<SweepRuns> sweeps;  // DIR, or BASE then NEW
  std::string against;            // one sweep only
  std::vector<PairedRow> rows;
  std::optional<GateVerdict> verdict;    // two sweeps
  std::optional<MethodRanking> ranking;  // one sweep of three or more methods
  std::vector<ExplorationRow> exploration;

  // paired, ranking (when ranked), exploration.
  std::vector<std::pair<std::string, ReportTable>> tables() const;
  // The `compare --json` object without its "files".
  nlohmann::json json(const CompareOptions& options) const;
};

// Throws core::InputError (one line) on input that cannot be compared:
// missing or empty runs, one seed, cells that do not pair, bad options.
Comparison compare_sweeps(const std::vector<std::string>& paths, const CompareOptions& options);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_COMPARE_COMPARISON_H_
