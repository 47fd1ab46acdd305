// `maple-edge`: a MAPLE-Edge-style predictor-guided tuner (Nair et al.,
// "MAPLE-Edge: A Runtime Latency Predictor for Edge Devices", CVPR-W 2022:
// a regressor trained on many devices, adapted to an unseen one from ~10
// measurements that form its device descriptor).
//
// Offline, on the *training* surfaces (never the target): an MLP
// (core/optimizers/shared/neural_network.h) maps (standard-knob positions, device descriptor)
// to (log fps, log W). A device's descriptor is its log fps and log W at ten
// fixed reference configurations (a Latin hypercube over knob positions,
// the same on every board; NaN where a reference cannot run is replaced by
// the lowest value seen). Online, the first ten trials measure the
// reference configurations to build the target's descriptor; then it
// measures the configuration the predictor ranks best among those it
// predicts meet the goal with a 2% margin, corrects the predictions by the
// mean log residual of what it has measured, and repeats. It recommends
// the best configuration that met the goal as measured.
#ifndef EDGETUNE_CORE_OPTIMIZERS_MAPLE_EDGE_MAPLE_EDGE_TUNER_H_
#define EDGETUNE_CORE_OPTIMIZERS_MAPLE_EDGE_MAPLE_EDGE_TUNER_H_

#include <array>
#include <memory>
#include <random>
#include <vector>

#include "core/optimizer.h"
#include "core/optimizers/context.h"
#include "core/optimizers/shared/knob_features.h"
#include "core/optimizers/shared/neural_network.h"
#include "core/optimizers/trained_model.h"
#include "core/trial_history.h"

namespace core {

constexpr int kMapleReferencePoints = 10;

struct MapleEdgeTrainingOptions {
  int samples_per_surface = 4000;
  int epochs = 12;
  int hidden = 32;
  int batch = 64;
  double learning_rate = 3e-3;

  // Throws InputError naming the field, its value and its limit.
  void validate() const;
};

// The device descriptor: log fps then log W at the reference points.
using MapleDescriptor = std::array<double, 2 * kMapleReferencePoints>;

struct MapleEdgeModel : TrainedModel {
  NeuralNetwork net;  // [positions, standardised descriptor] -> standardised (log fps, log W)
  MapleDescriptor descriptor_mean{}, descriptor_scale{};
  double fps_mean = 0, fps_scale = 1, w_mean = 0, w_scale = 1;

  // The network, then the descriptor's and the outputs' standardisation.
  void save(std::ostream& out) const override;
  // What save() wrote, bit for bit. Throws InputError on a malformed stream.
  static MapleEdgeModel load(std::istream& in);

  // Predicted (log fps, log W) of every configuration in `configs` of a
  // device with `descriptor`.
  std::vector<std::pair<double, double>> predict(const KnobFeatures& features,
                                                 const std::vector<Config>& configs,
                                                 const MapleDescriptor& descriptor) const;
};

// The seed `maple-edge` trains with, in sweeps and `edgetune train` alike.
constexpr std::uint64_t kMapleEdgeTrainingSeed = 2022'0617;

// The reference positions (fixed) and the configurations they map to.
std::vector<Config> maple_reference_configs(const KnobFeatures& features);

// The descriptor from (log fps, log W) measured at the reference
// configurations; NaN entries (could not run) become the lowest value of
// their metric.
MapleDescriptor maple_descriptor(const std::vector<double>& log_fps,
                                 const std::vector<double>& log_w);

// Trains the predictor on `surfaces`. Deterministic for a seed. Throws
// InputError when there is no training surface.
MapleEdgeModel train_maple_edge(const std::vector<std::shared_ptr<const TrainingSurface>>& surfaces,
                                const MapleEdgeTrainingOptions& options, std::uint64_t seed);

class MapleEdgeTuner : public Optimizer {
 public:
  explicit MapleEdgeTuner(std::shared_ptr<const MapleEdgeModel> model) : model_(std::move(model)) {}

  void start(const ConfigSpace& space, const Goal& goal, const Budget& budget,
             std::uint64_t seed) override;
  std::optional<Config> propose() override;
  void observe(const Measurement& result) override;
  std::optional<Config> recommend() const override;

 private:
  void predict_space();

  std::shared_ptr<const MapleEdgeModel> model_;
  const ConfigSpace* space_ = nullptr;
  std::unique_ptr<KnobFeatures> features_;
  Goal goal_;
  std::mt19937_64 rng_;
  TrialHistory history_;
  std::vector<Config> references_;
  std::size_t reference_next_ = 0;
  struct Candidate {
    Config config;
    double log_fps, log_w;  // predicted, before the residual correction
  };
  std::vector<Candidate> candidates_;  // scored once the descriptor is known
  MapleDescriptor descriptor_{};
};

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_MAPLE_EDGE_MAPLE_EDGE_TUNER_H_
