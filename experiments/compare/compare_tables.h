// The comparison's tables (tables/table_writer.h prints them as markdown,
// CSV and JSON).
#ifndef EDGETUNE_EXPERIMENTS_COMPARE_COMPARE_TABLES_H_
#define EDGETUNE_EXPERIMENTS_COMPARE_COMPARE_TABLES_H_

#include <vector>

#include "experiments/compare/exploration_summary.h"
#include "experiments/compare/method_ranking.h"
#include "experiments/compare/paired_comparison.h"
#include "experiments/tables/report_table.h"

namespace experiments {

ReportTable paired_table(const std::vector<PairedRow>& rows);
// Mean ranks (Friedman) and the performance profile at each tau.
ReportTable ranking_table(const MethodRanking& ranking);
ReportTable exploration_table(const std::vector<ExplorationRow>& rows);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_COMPARE_COMPARE_TABLES_H_
