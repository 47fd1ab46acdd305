// CORAL's surrogate of one metric: log(metric) as a linear trend in the
// knobs' positions (knob_scale.h: each metric has its own) plus a
// Gaussian-process residual whose per-knob length scales come from distance
// correlation instead of likelihood fitting: a knob that dCor says drives
// the metric gets a short length scale (the model varies along it), an
// unrelated knob a long one (the model ignores it). This is how dCor steers
// where CORAL looks.
//
// Configurations live on a grid of knob levels, and the squared-exponential
// kernel is a product over knobs, so the model keeps one table per knob of
// kernel factors between each of its levels and each training point:
// predicting m configurations costs sum_j levels_j x n exponentials instead
// of m x n, and each kernel entry is a product of table entries.
#ifndef EDGETUNE_CORE_OPTIMIZERS_CORAL_RELEVANCE_MODEL_H_
#define EDGETUNE_CORE_OPTIMIZERS_CORAL_RELEVANCE_MODEL_H_

#include <Eigen/Dense>
#include <cmath>
#include <vector>

namespace core {

class RelevanceModel {
 public:
  // positions[j][l]: where level l of knob j sits, in [0, 1].
  explicit RelevanceModel(std::vector<std::vector<double>> positions);

  // One configuration per row, one knob level per column.
  using LevelMatrix = Eigen::Matrix<int, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

  // Rows of `levels`: the knob levels of a measured configuration; y:
  // log(metric) there. `dcor` holds one relevance in [0, 1] per knob;
  // `noise_sd` the measurement noise of y (relative noise of the metric).
  void fit(const LevelMatrix& levels, const Eigen::VectorXd& y, const std::vector<double>& dcor,
           double noise_sd);
  // Mean of log(metric) at every row of `levels`. The mean is cheap and
  // the standard deviation is not (a triangular solve), so callers that
  // rank many configurations compute sd() only where an upper bound of it
  // says it could matter: `sd_bound`, when given, receives one per row (the
  // deviation given only the nearest training point, which more data can
  // only shrink).
  Eigen::VectorXd mean(const LevelMatrix& levels, Eigen::VectorXd* sd_bound = nullptr) const;
  // Standard deviation of log(metric) at the given rows of `levels`, in
  // one batch.
  Eigen::VectorXd sd(const LevelMatrix& levels, const std::vector<Eigen::Index>& rows) const;
  // The prior standard deviation, far from every training point.
  double max_sd() const { return std::sqrt(signal_var_); }

  // A kernel row's dot product with the fitted weights and its largest
  // entry.
  struct RowSummary {
    double dot, largest;
  };

 private:
  using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

  Eigen::MatrixXd positions_of(const LevelMatrix& levels) const;
  // Kernel rows of `count` configurations whose levels follow one another
  // in `levels` (num_knobs each): row r, out[r * out_stride + i] =
  // k(configuration r, training point i), from the per-knob tables (a
  // stride of 0 reuses one buffer), summarised in summaries[r] as its dot
  // product with alpha_ (the residual's mean) and its largest entry (the
  // nearest training point).
  void kernel_rows(const int* levels, Eigen::Index count, double* out, Eigen::Index out_stride,
                   RowSummary* summaries) const;

  std::vector<std::vector<double>> positions_;
  // factor_[j](l, i) = exp(-0.5 ((positions_[j][l] - x_ij) / length_j)^2).
  std::vector<RowMatrix> factor_;
  Eigen::VectorXd trend_;  // intercept, then one slope per knob
  Eigen::VectorXd alpha_;  // K^-1 (y - trend)
  Eigen::LLT<Eigen::MatrixXd> llt_;
  double signal_var_ = 1.0;
  double noise_var_ = 0.0;  // on the diagonal of the training kernel
};

}  // namespace core

#endif  // EDGETUNE_CORE_OPTIMIZERS_CORAL_RELEVANCE_MODEL_H_
