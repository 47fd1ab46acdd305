#include "core/optimizers/coral/pattern_search.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace core {

PatternSearch::PatternSearch(double initial_step_fraction, double boundary_margin)
    : initial_step_fraction_(initial_step_fraction), boundary_margin_(boundary_margin) {}

void PatternSearch::start(const ConfigSpace& space) {
  space_ = &space;
  step_.clear();
  for (const Knob& knob : space.knobs()) {
    const double levels = static_cast<double>(knob.values.size());
    step_.push_back(std::max(1, static_cast<int>(std::lround(levels * initial_step_fraction_))));
  }
}

std::optional<PatternSearch::Move> PatternSearch::step(const Config& base, int knob,
                                                       int direction) const {
  const int levels = static_cast<int>(space_->knob(static_cast<std::size_t>(knob)).values.size());
  const int from = base.level[static_cast<std::size_t>(knob)];
  const int to =
      std::clamp(from + direction * step_[static_cast<std::size_t>(knob)], 0, levels - 1);
  if (to == from) return std::nullopt;
  Move move{base, {knob}};
  move.config.level[static_cast<std::size_t>(knob)] = to;
  return move;
}

std::vector<PatternSearch::Move> PatternSearch::ranked_moves(const TrialHistory::Entry& base,
                                                             const Goal& goal,
                                                             const KnobPriority& priority) const {
  const std::vector<KnobInfluence>& inf = priority.influence();
  // Knobs that buy throughput, and knobs that cost power without it.
  const std::vector<int> by_fps =
      priority.order([&](int k) { return inf[k].dcor_fps * inf[k].gain(); });
  const std::vector<int> by_gain = priority.order([&](int k) { return inf[k].gain(); });
  const std::vector<int> by_power_cost =
      priority.order([&](int k) { return inf[k].dcor_w / (inf[k].dcor_fps + 0.05); });
  const std::vector<int> by_power = priority.order([&](int k) { return inf[k].dcor_w; });

  std::vector<Move> ups, downs, cheaper, trades;
  for (int k : by_fps) {
    if (auto m = step(base.config, k, inf[k].fps_sign)) ups.push_back(*m);
  }
  for (int k : by_power_cost) {
    if (auto m = step(base.config, k, -inf[k].w_sign)) downs.push_back(*m);
  }
  for (int k : by_power) {
    if (auto m = step(base.config, k, -inf[k].w_sign)) cheaper.push_back(*m);
  }
  // Raise a knob that buys throughput while lowering one that costs power.
  for (int a : by_gain) {
    for (auto b = by_gain.rbegin(); b != by_gain.rend(); ++b) {
      if (*b == a) break;
      auto raise = step(base.config, a, inf[a].fps_sign);
      if (!raise) continue;
      auto lower = step(raise->config, *b, -inf[*b].w_sign);
      if (!lower) continue;
      lower->knobs = {a, *b};
      trades.push_back(*lower);
    }
  }

  std::vector<Move> order;
  auto append = [&](const std::vector<Move>& moves) {
    order.insert(order.end(), moves.begin(), moves.end());
  };
  if (!TrialHistory::feasible(goal, base)) {
    const bool over = goal.power_budget_w && base.max_w > *goal.power_budget_w;
    const bool under = goal.throughput_target_fps && base.min_fps < *goal.throughput_target_fps;
    if (over && !under)
      append(cheaper), append(trades);
    else if (under && !over)
      append(ups), append(trades);
    else
      append(trades), append(cheaper), append(ups);
    return order;
  }
  if (goal.objective == Objective::kMinPower) {
    const double slack = (base.min_fps - *goal.throughput_target_fps) / *goal.throughput_target_fps;
    if (slack > boundary_margin_)
      append(downs), append(trades), append(ups);
    else
      append(trades), append(downs), append(ups);
    return order;
  }
  const double slack = goal.power_budget_w
                           ? (*goal.power_budget_w - base.max_w) / *goal.power_budget_w
                           : std::numeric_limits<double>::infinity();
  if (slack > boundary_margin_)
    append(ups), append(trades), append(downs);
  else
    append(trades), append(ups), append(downs);
  return order;
}

void PatternSearch::adapt(const Move& move, bool improved) {
  for (int k : move.knobs) {
    const int levels = static_cast<int>(space_->knob(static_cast<std::size_t>(k)).values.size());
    int& s = step_[static_cast<std::size_t>(k)];
    s = improved ? std::min(std::max(1, levels / 2), 2 * s) : std::max(1, s / 2);
  }
}

bool PatternSearch::at_finest() const {
  return std::all_of(step_.begin(), step_.end(), [](int s) { return s == 1; });
}

void PatternSearch::refine() {
  for (int& s : step_) s = std::max(1, s / 2);
}

}  // namespace core
