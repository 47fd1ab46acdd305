// Distance covariance and distance correlation (Székely, Rizzo & Bakirov,
// "Measuring and testing dependence by correlation of distances", Ann.
// Statist. 2007): dCor is 0 iff the variables are independent, so unlike
// Pearson's r it sees non-linear, non-monotone dependence (y = x^2).
//
// With a_ij = |x_i - x_j|, b_ij = |y_i - y_j| over n paired observations:
//   V-statistic (biased):  dCov^2_V = (1/n^2) sum_ij A_ij B_ij, A the double-
//     centred a (A_ij = a_ij - a_i. /n - a_.j /n + a_.. /n^2);
//   U-statistic (bias-corrected, Székely & Rizzo, Ann. Statist. 2014):
//     dCov^2_U = 1/(n(n-3)) sum_{i != j} Ã_ij B̃_ij, Ã the U-centred a
//     (Ã_ij = a_ij - a_i./(n-2) - a_.j/(n-2) + a_../((n-1)(n-2)), Ã_ii = 0);
//     it is unbiased for the population dCov^2 and can be negative.
//   dCor^2 = dCov^2(x,y) / sqrt(dCov^2(x,x) dCov^2(y,y)), 0 when either
//     variable is constant.
// The 1-D functions use the O(n log n) algorithm of Huo & Székely
// ("Fast computing for distance covariance", Technometrics 2016): both
// statistics are combinations of T1 = sum_ij a_ij b_ij, T2 = sum_i a_i. b_i.
// and T3 = a_.. b_.., with row sums from a sort and T1 from a Fenwick tree
// over y-ranks visited in x-order.
#ifndef EDGETUNE_CORE_DISTANCE_CORRELATION_H_
#define EDGETUNE_CORE_DISTANCE_CORRELATION_H_

#include <Eigen/Dense>
#include <vector>

namespace core {

enum class DcovEstimator {
  kBiased,         // V-statistic; needs n >= 1
  kBiasCorrected,  // U-statistic; needs n >= 4
};

// O(n^2) time and memory, any dimensions: rows of x and y are the paired
// observations (x and y must have the same number of rows).
double distance_covariance_sq(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y,
                              DcovEstimator estimator = DcovEstimator::kBiased);
double distance_correlation_sq(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y,
                               DcovEstimator estimator = DcovEstimator::kBiased);

// A 1-D sample prepared once, in O(n log n), for distance statistics with
// any number of other samples of the same length: its sort order, ranks and
// row sums a_i. (from which its own dVar^2 takes O(n)). Pairing two
// prepared samples then costs only the cross term T1 (a Fenwick-tree pass),
// so ranking k knobs against m metrics prepares k + m samples instead of
// sorting 5 k m times.
class DistanceSample {
 public:
  explicit DistanceSample(const std::vector<double>& values);
  std::size_t size() const { return centred_.size(); }
  // dCov^2(this, other); `other` must have the same size.
  double covariance_sq(const DistanceSample& other, DcovEstimator estimator) const;
  // dCov^2(this, this) = dVar^2.
  double variance_sq(DcovEstimator estimator) const;

 private:
  std::vector<double> centred_;     // values minus their mean
  std::vector<std::size_t> order_;  // indices by ascending value (stable)
  std::vector<double> row_sums_;    // a_i. = sum_j |v_i - v_j|
  double row_sum_total_ = 0;        // a_..
};

// O(n log n) time, O(n) memory, for 1-D samples of equal length. Agree with
// the O(n^2) functions up to rounding.
double distance_covariance_sq_1d(const DistanceSample& x, const DistanceSample& y,
                                 DcovEstimator estimator = DcovEstimator::kBiased);
double distance_correlation_sq_1d(const DistanceSample& x, const DistanceSample& y,
                                  DcovEstimator estimator = DcovEstimator::kBiased);
double distance_covariance_sq_1d(const std::vector<double>& x, const std::vector<double>& y,
                                 DcovEstimator estimator = DcovEstimator::kBiased);
double distance_correlation_sq_1d(const std::vector<double>& x, const std::vector<double>& y,
                                  DcovEstimator estimator = DcovEstimator::kBiased);

// dCor (not squared, V-statistic) in [0, 1] via the O(n log n) path; 0 when
// either sample is constant or has fewer than 2 values.
double distance_correlation_1d(const DistanceSample& x, const DistanceSample& y);
double distance_correlation_1d(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace core

#endif  // EDGETUNE_CORE_DISTANCE_CORRELATION_H_
