// The goal kinds in the order every table lists them.
#ifndef EDGETUNE_EXPERIMENTS_TABLES_GOAL_KINDS_H_
#define EDGETUNE_EXPERIMENTS_TABLES_GOAL_KINDS_H_

namespace experiments {

inline constexpr const char* kGoalKindOrder[] = {"max-throughput", "min-power", "dual",
                                                 "max-efficiency"};

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_TABLES_GOAL_KINDS_H_
