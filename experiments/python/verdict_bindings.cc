#include "experiments/python/verdict_bindings.h"

#include <pybind11/stl.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/errors.h"
#include "experiments/compare/comparison.h"
#include "experiments/stats/bootstrap.h"
#include "experiments/stats/rank_tests.h"
#include "experiments/sweep/sweep_consistency.h"
#include "experiments/tables/json_text.h"

namespace py = pybind11;

namespace experiments::python {
namespace {

py::object to_python(const nlohmann::json& value) {
  return py::module_::import("json").attr("loads")(json_text(value));
}

// A table's JSON (a list of row objects) as a DataFrame with its columns.
py::object data_frame(const nlohmann::json& rows) {
  return py::module_::import("pandas").attr("DataFrame")(to_python(rows));
}

py::tuple load_results(const std::string& dir) {
  namespace fs = std::filesystem;
  for (const char* table : {"runs.csv", "trials.csv"}) {
    if (!fs::is_regular_file(fs::path(dir) / table)) {
      throw core::InputError(dir + ": no " + table + "; give a sweep directory (sweep --out)");
    }
  }
  check_sweep_whole(dir);
  const py::object read_csv = py::module_::import("pandas").attr("read_csv");
  return py::make_tuple(read_csv(dir + "/runs.csv"), read_csv(dir + "/trials.csv"));
}

py::dict compare(const std::string& base, const std::optional<std::string>& next,
                 const std::optional<std::string>& against, double tolerance, double alpha,
                 std::uint64_t seed) {
  CompareOptions options;
  options.against = against;
  options.tolerance = tolerance;
  options.alpha = alpha;
  options.seed = seed;
  std::vector<std::string> paths = {base};
  if (next) paths.push_back(*next);
  for (const std::string& path : paths) check_sweep_input(path);
  const Comparison comparison = compare_sweeps(paths, options);
  const nlohmann::json j = comparison.json(options);
  py::dict out;
  for (const auto& [name, table] : comparison.tables()) out[py::str(name)] = data_frame(j[name]);
  if (j.contains("verdict")) out["verdict"] = to_python(j["verdict"]);
  if (j.contains("friedman")) out["friedman"] = to_python(j["friedman"]);
  return out;
}

void define_stats(py::module_& stats) {
  stats.doc() = "The statistics behind edgetune compare and report (two-sided p-values).";
  stats.def(
      "wilcoxon",
      [](const std::vector<double>& differences) {
        const WilcoxonResult w = wilcoxon_signed_rank(differences);
        py::dict d;
        d["statistic"] = w.statistic;
        d["pvalue"] = w.p_value;
        d["exact"] = w.exact;
        d["zeros"] = w.zeros;
        return d;
      },
      py::arg("differences"),
      "Wilcoxon signed-rank test: exact for n <= 50 without zeros or ties, else the normal "
      "approximation (Pratt's zeros, tie correction).");
  stats.def(
      "friedman",
      [](const std::vector<std::vector<double>>& blocks, double alpha) {
        const FriedmanResult f = friedman_test(blocks, alpha);
        py::dict d;
        d["statistic"] = f.statistic;
        d["pvalue"] = f.p_value;
        d["mean_ranks"] = f.mean_ranks;
        d["critical_difference"] = f.critical_difference;
        return d;
      },
      py::arg("blocks"), py::arg("alpha") = 0.05,
      "Friedman test over blocks (rows) of methods (columns), larger is better, with Nemenyi's "
      "critical difference.");
  stats.def("binomial_test", &binomial_test_half, py::arg("k"), py::arg("n"),
            "Two-sided exact binomial test of k of n at p = 1/2 (McNemar's exact test).");
  stats.def("holm", &holm_adjust, py::arg("pvalues"), "Holm's step-down adjusted p-values.");
  stats.def(
      "bootstrap_interval",
      [](const std::vector<double>& sample, const std::string& statistic, std::uint64_t seed,
         int resamples) {
        const SampleStatistic f = statistic == "median" ? SampleStatistic(median_of)
                                  : statistic == "p10"  ? SampleStatistic(p10_of)
                                  : statistic == "mean" ? SampleStatistic(mean_of)
                                                        : SampleStatistic();
        if (!f) throw core::InputError("statistic '" + statistic + "': use median, p10 or mean");
        const Interval in = bootstrap_interval(sample, f, seed, resamples);
        return py::make_tuple(in.low, in.high);
      },
      py::arg("sample"), py::arg("statistic") = "median", py::arg("seed") = 0,
      py::arg("resamples") = kBootstrapResamples,
      "95% percentile bootstrap interval (std::mt19937_64 seeded with `seed`).");
}

}  // namespace

void define_verdicts(py::module_& m) {
  m.def("load_results", &load_results, py::arg("dir"),
        "A sweep's runs and trials as pandas DataFrames with the CSV's columns: "
        "runs, trials = edgetune.load_results(dir).");
  m.def("compare", &compare, py::arg("base"), py::arg("new") = py::none(),
        py::arg("against") = py::none(), py::arg("tolerance") = CompareOptions{}.tolerance,
        py::arg("alpha") = CompareOptions{}.alpha, py::arg("seed") = 0,
        "edgetune compare's tables as DataFrames (paired, ranking, exploration) and, for two "
        "sweeps (base, new), the gate's verdict: compare(dir) or compare(base, new).");
  py::module_ stats = m.def_submodule("stats");
  define_stats(stats);
}

}  // namespace experiments::python
