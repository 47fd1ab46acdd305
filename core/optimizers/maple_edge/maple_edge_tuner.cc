#include "core/optimizers/maple_edge/maple_edge_tuner.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <istream>
#include <numeric>

#include "core/errors.h"
#include "core/option_check.h"

namespace core {
namespace {

constexpr int kInputs = static_cast<int>(kStandardKnobCount) + 2 * kMapleReferencePoints;
// Configurations the online tuner scores per run (all of a smaller grid).
constexpr std::size_t kScoredConfigs = 4000;
// Relative margin the prediction must keep from each constraint.
constexpr double kMargin = 0.02;
// Largest log shift of the level augmentation (a factor of e^0.7 ~ 2).
constexpr double kShiftRange = 0.7;

const std::vector<std::array<double, kStandardKnobCount>>& reference_positions() {
  // A fixed Latin hypercube: the same positions on every board, seeded by a
  // constant so every build agrees.
  static const auto positions = [] {
    std::mt19937_64 rng(2022);
    std::vector<std::array<double, kStandardKnobCount>> out(kMapleReferencePoints);
    for (std::size_t k = 0; k < kStandardKnobCount; ++k) {
      std::vector<int> strata(kMapleReferencePoints);
      std::iota(strata.begin(), strata.end(), 0);
      std::shuffle(strata.begin(), strata.end(), rng);
      for (int i = 0; i < kMapleReferencePoints; ++i) {
        out[static_cast<std::size_t>(i)][k] =
            (strata[static_cast<std::size_t>(i)] + 0.5) / kMapleReferencePoints;
      }
    }
    return out;
  }();
  return positions;
}

Eigen::VectorXd input_of(const std::array<double, kStandardKnobCount>& positions,
                         const Eigen::VectorXd& descriptor) {
  Eigen::VectorXd x(kInputs);
  for (std::size_t k = 0; k < kStandardKnobCount; ++k)
    x[static_cast<Eigen::Index>(k)] = positions[k];
  x.tail(2 * kMapleReferencePoints) = descriptor;
  return x;
}

Eigen::VectorXd standardized(const MapleEdgeModel& model, const MapleDescriptor& d) {
  Eigen::VectorXd out(2 * kMapleReferencePoints);
  for (int i = 0; i < 2 * kMapleReferencePoints; ++i) {
    const std::size_t u = static_cast<std::size_t>(i);
    out[i] = (d[u] - model.descriptor_mean[u]) / model.descriptor_scale[u];
  }
  return out;
}

}  // namespace

std::vector<Config> maple_reference_configs(const KnobFeatures& features) {
  std::vector<Config> out;
  for (const auto& p : reference_positions()) out.push_back(features.nearest(p));
  return out;
}

MapleDescriptor maple_descriptor(const std::vector<double>& log_fps,
                                 const std::vector<double>& log_w) {
  MapleDescriptor d{};
  auto fill = [&](const std::vector<double>& values, std::size_t offset) {
    double lowest = 0.0;
    bool any = false;
    for (double v : values) {
      if (!std::isnan(v)) lowest = any ? std::min(lowest, v) : v, any = true;
    }
    for (std::size_t i = 0; i < kMapleReferencePoints; ++i) {
      d[offset + i] = std::isnan(values[i]) ? lowest : values[i];
    }
  };
  fill(log_fps, 0);
  fill(log_w, kMapleReferencePoints);
  return d;
}

std::vector<std::pair<double, double>> MapleEdgeModel::predict(
    const KnobFeatures& features, const std::vector<Config>& configs,
    const MapleDescriptor& descriptor) const {
  const Eigen::VectorXd d = standardized(*this, descriptor);
  Eigen::MatrixXd inputs(kInputs, static_cast<Eigen::Index>(configs.size()));
  for (std::size_t i = 0; i < configs.size(); ++i) {
    inputs.col(static_cast<Eigen::Index>(i)) = input_of(features.positions(configs[i]), d);
  }
  const Eigen::MatrixXd out = net.forward(inputs);
  std::vector<std::pair<double, double>> predictions;
  for (Eigen::Index i = 0; i < out.cols(); ++i) {
    predictions.emplace_back(out(0, i) * fps_scale + fps_mean, out(1, i) * w_scale + w_mean);
  }
  return predictions;
}

void MapleEdgeModel::save(std::ostream& out) const {
  net.save(out);
  out.precision(17);
  out << "descriptor_mean";
  for (double v : descriptor_mean) out << " " << v;
  out << "\ndescriptor_scale";
  for (double v : descriptor_scale) out << " " << v;
  out << "\noutput " << fps_mean << " " << fps_scale << " " << w_mean << " " << w_scale << "\n";
}

MapleEdgeModel MapleEdgeModel::load(std::istream& in) {
  MapleEdgeModel model;
  model.net = NeuralNetwork::load(in);
  auto read_array = [&in](const char* tag, MapleDescriptor& values) {
    std::string word;
    if (!(in >> word) || word != tag) {
      throw InputError(std::string("saved maple-edge model: expected '") + tag + "'");
    }
    for (double& v : values) {
      if (!(in >> v)) throw InputError(std::string("saved maple-edge model: truncated ") + tag);
    }
  };
  read_array("descriptor_mean", model.descriptor_mean);
  read_array("descriptor_scale", model.descriptor_scale);
  std::string word;
  if (!(in >> word >> model.fps_mean >> model.fps_scale >> model.w_mean >> model.w_scale) ||
      word != "output") {
    throw InputError("saved maple-edge model: truncated output standardisation");
  }
  return model;
}

void MapleEdgeTrainingOptions::validate() const {
  constexpr const char* kOwner = "maple-edge training";
  check_option(samples_per_surface >= 1, kOwner, "samples_per_surface", samples_per_surface,
               ">= 1");
  check_option(epochs >= 0, kOwner, "epochs", epochs, ">= 0");
  check_option(hidden >= 1, kOwner, "hidden", hidden, ">= 1");
  check_option(batch >= 1, kOwner, "batch", batch, ">= 1");
  check_option(learning_rate > 0 && std::isfinite(learning_rate), kOwner, "learning_rate",
               learning_rate, "finite and > 0");
}

MapleEdgeModel train_maple_edge(const std::vector<std::shared_ptr<const TrainingSurface>>& surfaces,
                                const MapleEdgeTrainingOptions& options, std::uint64_t seed) {
  options.validate();
  if (surfaces.empty()) {
    throw InputError(
        "maple-edge needs training surfaces of other boards or models (leave-one-"
        "surface-out); pass --training-surfaces or keep the shipped ones");
  }
  const std::clock_t cpu_start = std::clock();
  std::mt19937_64 rng(seed);
  MapleEdgeModel model;
  // Each surface's descriptor from its own values at the reference points.
  std::vector<MapleDescriptor> descriptors;
  for (const auto& s : surfaces) {
    const KnobFeatures features(s->space);
    std::vector<double> log_fps, log_w;
    for (const Config& c : maple_reference_configs(features)) {
      const std::size_t i = s->space.index(c);
      log_fps.push_back(std::log(s->throughput_fps[i]));
      log_w.push_back(std::log(s->power_w[i]));
    }
    descriptors.push_back(maple_descriptor(log_fps, log_w));
  }
  for (std::size_t j = 0; j < model.descriptor_mean.size(); ++j) {
    double sum = 0, sq = 0;
    for (const auto& d : descriptors) sum += d[j], sq += d[j] * d[j];
    const double n = static_cast<double>(descriptors.size());
    model.descriptor_mean[j] = sum / n;
    model.descriptor_scale[j] =
        std::max(0.1, std::sqrt(std::max(0.0, sq / n - (sum / n) * (sum / n))));
  }
  // Training samples: a seeded subset of every surface's available points.
  struct Sample {
    std::size_t surface;
    std::array<double, kStandardKnobCount> positions;
    double log_fps, log_w;
  };
  std::vector<Sample> samples;
  for (std::size_t s = 0; s < surfaces.size(); ++s) {
    const TrainingSurface& surface = *surfaces[s];
    const KnobFeatures features(surface.space);
    std::vector<std::size_t> order(surface.space.size());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    int taken = 0;
    for (std::size_t i : order) {
      if (taken == options.samples_per_surface) break;
      if (std::isnan(surface.throughput_fps[i]) || std::isnan(surface.power_w[i])) continue;
      samples.push_back({s, features.positions(surface.space.config(i)),
                         std::log(surface.throughput_fps[i]), std::log(surface.power_w[i])});
      ++taken;
    }
  }
  double fps_sum = 0, fps_sq = 0, w_sum = 0, w_sq = 0;
  for (const Sample& x : samples) {
    fps_sum += x.log_fps, fps_sq += x.log_fps * x.log_fps;
    w_sum += x.log_w, w_sq += x.log_w * x.log_w;
  }
  const double n = static_cast<double>(samples.size());
  model.fps_mean = fps_sum / n;
  model.fps_scale =
      std::max(1e-6, std::sqrt(std::max(0.0, fps_sq / n - model.fps_mean * model.fps_mean)));
  model.w_mean = w_sum / n;
  model.w_scale = std::max(1e-6, std::sqrt(std::max(0.0, w_sq / n - model.w_mean * model.w_mean)));

  // A few training boards cannot teach how the descriptor carries over to
  // predictions, so every sample is shown as a board uniformly faster or
  // slower and hungrier or thriftier: the same log shift added to the
  // descriptor and the targets (an augmentation that encodes "a board x%
  // faster at the reference points is x% faster everywhere").
  std::uniform_real_distribution<double> shift(-kShiftRange, kShiftRange);
  model.net = NeuralNetwork({kInputs, options.hidden, options.hidden, 2}, rng);
  std::vector<std::size_t> order(samples.size());
  std::iota(order.begin(), order.end(), 0);
  const Eigen::MatrixXd mask = Eigen::MatrixXd::Ones(2, options.batch);
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    for (std::size_t start = 0; start + static_cast<std::size_t>(options.batch) <= order.size();
         start += static_cast<std::size_t>(options.batch)) {
      Eigen::MatrixXd x(kInputs, options.batch), y(2, options.batch);
      for (int b = 0; b < options.batch; ++b) {
        const Sample& sample = samples[order[start + static_cast<std::size_t>(b)]];
        const double df = shift(rng), dw = shift(rng);
        MapleDescriptor d = descriptors[sample.surface];
        for (int r = 0; r < kMapleReferencePoints; ++r) {
          d[static_cast<std::size_t>(r)] += df;
          d[static_cast<std::size_t>(r + kMapleReferencePoints)] += dw;
        }
        x.col(b) = input_of(sample.positions, standardized(model, d));
        y(0, b) = (sample.log_fps + df - model.fps_mean) / model.fps_scale;
        y(1, b) = (sample.log_w + dw - model.w_mean) / model.w_scale;
      }
      model.net.train_step(x, y, mask, options.learning_rate);
    }
  }
  model.training_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  return model;
}

void MapleEdgeTuner::start(const ConfigSpace& space, const Goal& goal, const Budget&,
                           std::uint64_t seed) {
  if (model_->net.inputs() != kInputs || model_->net.outputs() != 2) {
    throw InputError("maple-edge: the predictor's shape does not match this version; retrain it");
  }
  space_ = &space;
  features_ = std::make_unique<KnobFeatures>(space);
  goal_ = goal;
  rng_.seed(seed);
  history_.reset(space);
  references_.clear();
  for (const Config& c : maple_reference_configs(*features_)) {
    if (std::find(references_.begin(), references_.end(), c) == references_.end())
      references_.push_back(c);
  }
  reference_next_ = 0;
  candidates_.clear();
}

void MapleEdgeTuner::predict_space() {
  std::vector<double> log_fps, log_w;
  for (const Config& c : maple_reference_configs(*features_)) {
    const TrialHistory::Entry* e = history_.find(c);
    const bool ok = e && e->available && e->mean_fps > 0 && e->mean_w > 0;
    log_fps.push_back(ok ? std::log(e->mean_fps) : NAN);
    log_w.push_back(ok ? std::log(e->mean_w) : NAN);
  }
  std::vector<Config> configs;
  if (space_->size() <= kScoredConfigs) {
    for (std::size_t i = 0; i < space_->size(); ++i) configs.push_back(space_->config(i));
  } else {
    std::uniform_int_distribution<std::size_t> pick(0, space_->size() - 1);
    for (std::size_t i = 0; i < kScoredConfigs; ++i) configs.push_back(space_->config(pick(rng_)));
  }
  descriptor_ = maple_descriptor(log_fps, log_w);
  const auto predictions = model_->predict(*features_, configs, descriptor_);
  candidates_.clear();
  for (std::size_t i = 0; i < configs.size(); ++i) {
    candidates_.push_back({configs[i], predictions[i].first, predictions[i].second});
  }
}

std::optional<Config> MapleEdgeTuner::propose() {
  while (reference_next_ < references_.size()) {
    const Config& c = references_[reference_next_++];
    if (!history_.measured(c)) return c;
  }
  if (candidates_.empty()) predict_space();
  // Correct the predictions by the mean log residual of every measurement.
  std::vector<Config> measured;
  std::vector<const TrialHistory::Entry*> entries;
  for (const TrialHistory::Entry& e : history_.entries()) {
    if (!e.available || !(e.mean_fps > 0) || !(e.mean_w > 0)) continue;
    measured.push_back(e.config);
    entries.push_back(&e);
  }
  double fps_offset = 0, w_offset = 0;
  if (!measured.empty()) {
    const auto predicted = model_->predict(*features_, measured, descriptor_);
    for (std::size_t i = 0; i < measured.size(); ++i) {
      fps_offset += std::log(entries[i]->mean_fps) - predicted[i].first;
      w_offset += std::log(entries[i]->mean_w) - predicted[i].second;
    }
    fps_offset /= static_cast<double>(measured.size());
    w_offset /= static_cast<double>(measured.size());
  }
  // The best predicted configuration that meets the goal with a margin;
  // with none, the one predicted to miss it by least.
  const Candidate* best = nullptr;
  double best_value = -INFINITY, best_violation = INFINITY;
  for (const Candidate& c : candidates_) {
    if (history_.measured(c.config)) continue;
    const double fps = std::exp(c.log_fps + fps_offset), w = std::exp(c.log_w + w_offset);
    const double violation = goal_.relative_violation(fps * (1 - kMargin), w * (1 + kMargin));
    const double value = goal_.objective_value(fps, w);
    if (violation < best_violation ||
        (violation == 0 && best_violation == 0 && value > best_value)) {
      best = &c;
      best_value = value;
      best_violation = violation;
    }
  }
  if (!best) return std::nullopt;  // every scored configuration measured
  return best->config;
}

void MapleEdgeTuner::observe(const Measurement& result) { history_.add(result); }

std::optional<Config> MapleEdgeTuner::recommend() const {
  return history_.best_feasible_config(goal_);
}

}  // namespace core
