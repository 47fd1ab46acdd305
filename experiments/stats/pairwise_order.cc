#include "experiments/stats/pairwise_order.h"

#include <cmath>
#include <limits>

#include "core/errors.h"
#include "experiments/stats/rank_tests.h"

namespace experiments {

std::vector<PairwiseOrder> pairwise_orders(const std::vector<std::vector<double>>& values) {
  for (const std::vector<double>& method : values) {
    if (method.size() != values.front().size())
      throw core::InputError("pairwise orders of methods with different numbers of cells");
    for (double v : method)
      if (std::isnan(v)) throw core::InputError("pairwise orders with a NaN value");
  }
  std::vector<PairwiseOrder> orders;
  std::vector<double> p_values;
  for (std::size_t a = 0; a < values.size(); ++a) {
    for (std::size_t b = a + 1; b < values.size(); ++b) {
      std::vector<double> differences(values[a].size());
      for (std::size_t k = 0; k < differences.size(); ++k)
        differences[k] = values[a][k] - values[b][k];
      const WilcoxonResult test = wilcoxon_signed_rank(differences);
      PairwiseOrder order;
      order.first = a;
      order.second = b;
      order.direction = (test.r_plus > test.r_minus) - (test.r_plus < test.r_minus);
      orders.push_back(order);
      p_values.push_back(test.p_value);
    }
  }
  const std::vector<double> adjusted = holm_adjust(p_values);
  for (std::size_t k = 0; k < orders.size(); ++k) orders[k].holm_p = adjusted[k];
  return orders;
}

double resolved_order_agreement(const std::vector<PairwiseOrder>& truth,
                                const std::vector<PairwiseOrder>& other, double alpha) {
  if (truth.size() != other.size())
    throw core::InputError("order agreement of lists of different pairs");
  double agreement = 0, resolved = 0;
  for (std::size_t k = 0; k < truth.size(); ++k) {
    if (truth[k].first != other[k].first || truth[k].second != other[k].second)
      throw core::InputError("order agreement of lists of different pairs");
    if (!(truth[k].holm_p < alpha)) continue;
    ++resolved;
    agreement += truth[k].direction * other[k].direction;
  }
  return resolved > 0 ? agreement / resolved : std::numeric_limits<double>::quiet_NaN();
}

std::size_t resolved_pairs(const std::vector<PairwiseOrder>& orders, double alpha) {
  std::size_t resolved = 0;
  for (const PairwiseOrder& order : orders) resolved += order.holm_p < alpha;
  return resolved;
}

}  // namespace experiments
