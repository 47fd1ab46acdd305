#include "core/optimizers/coral/relevance_model.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <type_traits>
#include <utility>

#include "core/optimizers/shared/nearest_sd_bound.h"

namespace core {
namespace {

// Length scale (in knob positions, [0, 1]) of a knob with dCor 1; a knob with
// dCor d gets kBaseScale / max(d, kMinRelevance).
constexpr double kBaseScale = 0.25;
constexpr double kMinRelevance = 0.05;
// Ridge on the trend slopes: a weak pull towards "no trend" with few points.
constexpr double kRidge = 1e-3;

// out[i] = scale x rows[0][i] x ... x rows[k-1][i], and its dot product
// with `alpha` and largest entry, in one pass. With k a compile-time
// constant (std::integral_constant) the product over knobs is unrolled;
// entries go in pairs (Eigen::Array2d, one SSE2 / NEON register), with two
// partial sums and maxima: one load per factor and one store per entry,
// where a pass per knob loads and stores `out` once per knob.
template <typename Count>
RelevanceModel::RowSummary product_of_rows(Count k, const double* const* rows, Eigen::Index n,
                                           double scale, const double* alpha, double* out) {
  using Pair = Eigen::Array2d;
  Pair dot = Pair::Zero(), largest = Pair::Zero();
  Eigen::Index i = 0;
  for (; i + 2 <= n; i += 2) {
    Pair entries = Pair::Constant(scale);
    for (std::size_t j = 0; j < k; ++j) entries *= Pair::Map(rows[j] + i);
    Pair::Map(out + i) = entries;
    dot += entries * Pair::Map(alpha + i);
    largest = largest.max(entries);
  }
  RelevanceModel::RowSummary summary{dot.sum(), largest.maxCoeff()};
  if (i < n) {
    double entry = scale;
    for (std::size_t j = 0; j < k; ++j) entry *= rows[j][i];
    out[i] = entry;
    summary.dot += entry * alpha[i];
    summary.largest = std::max(summary.largest, entry);
  }
  return summary;
}

// The row of each knob's table at `levels` (rows.size() == tables.size()):
// tables[j] has one row per level of knob j and one column per training
// point.
using Tables = std::vector<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;
template <typename Rows>
void table_rows(const Tables& tables, const int* levels, Rows& rows) {
  for (std::size_t j = 0; j < rows.size(); ++j)
    rows[j] = tables[j].data() + levels[j] * tables[j].cols();
}

// The kernel rows of `count` configurations whose levels follow one
// another in `levels` (k each): row r goes to out + r * out_stride (a
// stride of 0 reuses one buffer), its summary to summaries[r]. `rows`
// holds k row pointers: a local array for the unrolled counts, so the
// compiler keeps them in registers (no store to `out` can change them).
template <typename Count, typename RowPointers>
void kernel_rows_of(Count k, RowPointers& rows, const Tables& tables, const int* levels,
                    Eigen::Index count, double scale, const double* alpha, double* out,
                    Eigen::Index out_stride, RelevanceModel::RowSummary* summaries) {
  const Eigen::Index n = tables.empty() ? 0 : tables[0].cols();
  for (Eigen::Index r = 0; r < count; ++r) {
    table_rows(tables, levels + r * static_cast<Eigen::Index>(k), rows);
    summaries[r] = product_of_rows(k, rows.data(), n, scale, alpha, out + r * out_stride);
  }
}

template <std::size_t K>
void unrolled_kernel_rows(const Tables& tables, const int* levels, Eigen::Index count, double scale,
                          const double* alpha, double* out, Eigen::Index out_stride,
                          RelevanceModel::RowSummary* summaries) {
  std::array<const double*, K> rows;
  kernel_rows_of(std::integral_constant<std::size_t, K>(), rows, tables, levels, count, scale,
                 alpha, out, out_stride, summaries);
}

constexpr std::size_t kMaxUnrolledKnobs = 8;
using UnrolledKernelRows = void (*)(const Tables&, const int*, Eigen::Index, double, const double*,
                                    double*, Eigen::Index, RelevanceModel::RowSummary*);
template <std::size_t... K>
constexpr std::array<UnrolledKernelRows, sizeof...(K)> unrolled_kernel_rows_table(
    std::index_sequence<K...>) {
  return {&unrolled_kernel_rows<K>...};
}
// unrolled_kernel_rows<k> for every k up to kMaxUnrolledKnobs.
constexpr auto kUnrolledKernelRows =
    unrolled_kernel_rows_table(std::make_index_sequence<kMaxUnrolledKnobs + 1>());

}  // namespace

RelevanceModel::RelevanceModel(std::vector<std::vector<double>> positions)
    : positions_(std::move(positions)) {}

Eigen::MatrixXd RelevanceModel::positions_of(const LevelMatrix& levels) const {
  Eigen::MatrixXd x(levels.rows(), levels.cols());
  for (Eigen::Index r = 0; r < levels.rows(); ++r) {
    for (Eigen::Index j = 0; j < levels.cols(); ++j)
      x(r, j) = positions_[static_cast<std::size_t>(j)][static_cast<std::size_t>(levels(r, j))];
  }
  return x;
}

void RelevanceModel::fit(const LevelMatrix& levels, const Eigen::VectorXd& y,
                         const std::vector<double>& dcor, double noise_sd) {
  const Eigen::MatrixXd x = positions_of(levels);
  const Eigen::Index n = x.rows(), k = x.cols();
  factor_.assign(static_cast<std::size_t>(k), RowMatrix());
  for (Eigen::Index j = 0; j < k; ++j) {
    const std::vector<double>& at = positions_[static_cast<std::size_t>(j)];
    const double inverse_scale =
        std::max(dcor[static_cast<std::size_t>(j)], kMinRelevance) / kBaseScale;
    const Eigen::Map<const Eigen::ArrayXd> all(at.data(), static_cast<Eigen::Index>(at.size()));
    RowMatrix& table = factor_[static_cast<std::size_t>(j)];
    table.resize(all.size(), n);
    // Training points share levels (the grid is coarse, and ~30 points
    // fall on a handful of levels per knob): exponentials once per level
    // present, copied into the column of every point at that level.
    std::vector<Eigen::Index> first_at(at.size(), -1);
    for (Eigen::Index i = 0; i < n; ++i) {
      Eigen::Index& first = first_at[static_cast<std::size_t>(levels(i, j))];
      if (first < 0) {
        first = i;
        table.col(i) = (-0.5 * ((all - x(i, j)) * inverse_scale).square()).exp().matrix();
      } else {
        table.col(i) = table.col(first);
      }
    }
  }
  Eigen::MatrixXd design(n, k + 1);
  design.col(0).setOnes();
  design.rightCols(k) = x;
  Eigen::MatrixXd normal = design.transpose() * design;
  normal.diagonal().tail(k).array() += kRidge * std::max<Eigen::Index>(n, 1);
  trend_ = normal.ldlt().solve(design.transpose() * y);
  const Eigen::VectorXd residual = y - design * trend_;
  signal_var_ = std::max(residual.squaredNorm() / std::max<Eigen::Index>(n, 1), 1e-6);
  alpha_.setZero(n);  // kernel_rows' summaries read it; the solve below sets it
  Eigen::MatrixXd gram(n, n);
  std::vector<RowSummary> unused(static_cast<std::size_t>(n));
  kernel_rows(levels.data(), n, gram.data(), n, unused.data());
  noise_var_ = noise_sd * noise_sd + 1e-9;
  gram.diagonal().array() += noise_var_;
  llt_.compute(gram);
  alpha_ = llt_.solve(residual);
}

void RelevanceModel::kernel_rows(const int* levels, Eigen::Index count, double* out,
                                 Eigen::Index out_stride, RowSummary* summaries) const {
  const std::size_t k = factor_.size();
  if (k <= kMaxUnrolledKnobs) {
    kUnrolledKernelRows[k](factor_, levels, count, signal_var_, alpha_.data(), out, out_stride,
                           summaries);
    return;
  }
  std::vector<const double*> rows(k);
  kernel_rows_of(k, rows, factor_, levels, count, signal_var_, alpha_.data(), out, out_stride,
                 summaries);
}

Eigen::VectorXd RelevanceModel::mean(const LevelMatrix& levels, Eigen::VectorXd* sd_bound) const {
  Eigen::VectorXd mean(levels.rows());
  for (Eigen::Index r = 0; r < levels.rows(); ++r) {
    const int* at = levels.row(r).data();
    double trend = 0.0;
    for (std::size_t j = 0; j < positions_.size(); ++j)
      trend +=
          trend_[static_cast<Eigen::Index>(j) + 1] * positions_[j][static_cast<std::size_t>(at[j])];
    mean[r] = trend_[0] + trend;
  }
  Eigen::VectorXd kernel(alpha_.size());
  std::vector<RowSummary> rows(static_cast<std::size_t>(levels.rows()));
  kernel_rows(levels.data(), levels.rows(), kernel.data(), 0, rows.data());
  Eigen::ArrayXd nearest(levels.rows());  // each row's largest kernel entry
  for (Eigen::Index r = 0; r < levels.rows(); ++r) {
    mean[r] += rows[static_cast<std::size_t>(r)].dot;
    nearest[r] = rows[static_cast<std::size_t>(r)].largest;
  }
  // One pass over all rows after the loop: the division and square root vectorise.
  if (sd_bound) *sd_bound = nearest_sd_bound(nearest, signal_var_, noise_var_).matrix();
  return mean;
}

Eigen::VectorXd RelevanceModel::sd(const LevelMatrix& levels,
                                   const std::vector<Eigen::Index>& rows) const {
  Eigen::MatrixXd k(alpha_.size(), static_cast<Eigen::Index>(rows.size()));
  RowSummary unused;
  for (std::size_t c = 0; c < rows.size(); ++c)
    kernel_rows(levels.row(rows[c]).data(), 1, k.col(static_cast<Eigen::Index>(c)).data(), 0,
                &unused);
  llt_.matrixL().solveInPlace(k);  // v = L^-1 k, sd^2 = prior variance - |v|^2
  return (signal_var_ - k.colwise().squaredNorm().array())
      .cwiseMax(1e-12)
      .sqrt()
      .matrix()
      .transpose();
}

}  // namespace core
