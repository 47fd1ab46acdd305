// Which of two methods a set of paired runs puts ahead, and whether the
// runs resolve it: for each pair of methods, the direction of the Wilcoxon
// signed-rank statistic over their paired values (one per cell: the same
// goal, surface and run seed, so common random numbers pair them) and its
// p-value, Holm-corrected over the pairs (as `compare` judges methods).
// Where two replays disagree on the order of a pair they do not resolve,
// that is replay noise; where a pair is resolved, another replay (of a
// completed surface, say) should put the same method ahead.
#ifndef EDGETUNE_EXPERIMENTS_STATS_PAIRWISE_ORDER_H_
#define EDGETUNE_EXPERIMENTS_STATS_PAIRWISE_ORDER_H_

#include <cstddef>
#include <vector>

namespace experiments {

struct PairwiseOrder {
  std::size_t first = 0, second = 0;  // methods, first < second
  // +1: first ahead (the rank sum of first - second's positive
  // differences is the larger); -1: second ahead; 0: neither.
  int direction = 0;
  double holm_p = 1.0;
};

// Every pair of methods, in the order (0,1), (0,2), ..., (1,2), ...:
// values[m][k] is method m's value in cell k, larger is better. Throws
// core::InputError when the methods' cell counts differ or a value is NaN.
std::vector<PairwiseOrder> pairwise_orders(const std::vector<std::vector<double>>& values);

// Over the pairs `truth` resolves (holm_p < alpha): (pairs `other` puts the
// same method ahead of - pairs it puts the other ahead) / resolved pairs, a
// pair `other` leaves level counting as neither. A Kendall-type concordance
// in [-1, 1] over the differences the truth shows; NaN when it resolves
// none. Throws core::InputError when the two lists are not of the same pairs.
double resolved_order_agreement(const std::vector<PairwiseOrder>& truth,
                                const std::vector<PairwiseOrder>& other, double alpha = 0.05);

// How many pairs `orders` resolves at alpha.
std::size_t resolved_pairs(const std::vector<PairwiseOrder>& orders, double alpha = 0.05);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_STATS_PAIRWISE_ORDER_H_
