// edgetune merge --out DIR SHARD_DIR... [--force] [--json]
// Joins the shards of one sweep (sweep --shard K/N) into DIR: the runs.csv,
// trials.csv and results.h5 one unsharded sweep writes, byte for byte.
#include <fmt/format.h>

#include <iostream>

#include "experiments/cli/command_line.h"
#include "experiments/cli/json_output.h"
#include "experiments/cluster/sweep_merge.h"

namespace po = boost::program_options;

namespace experiments {

int cmd_merge(const Args& args, const OptimizerFactory& /*optimizers*/) {
  po::options_description options("merge options");
  options.add_options()("out,o", po::value<std::string>()->required(),
                        "directory for the merged sweep")(
      "shards", po::value<std::vector<std::string>>()->multitoken()->required(),
      "the shard directories (also positional)")(
      "force", po::bool_switch(), "overwrite a directory that holds a different sweep")(
      "json", po::bool_switch(), "print one JSON object");
  po::positional_options_description positional;
  positional.add("shards", -1);
  const auto vm = parse_command_line(
      args,
      "edgetune merge --out DIR SHARD_DIR...\n\nChecks that the directories are every shard "
      "of one sweep (sweep --shard K/N: same command, version, commit and plan), each "
      "complete and no run twice, then writes runs.csv, trials.csv, results.h5 and "
      "sweep.json to DIR as one unsharded sweep would. edgetune report reads DIR.",
      options, positional);
  if (!vm) return 0;
  const std::string out = (*vm)["out"].as<std::string>();
  const MergeSummary summary =
      merge_shards((*vm)["shards"].as<std::vector<std::string>>(), out, (*vm)["force"].as<bool>());
  if ((*vm)["json"].as<bool>()) {
    print_json({{"shards", summary.shards},
                {"runs", summary.runs},
                {"trials", summary.trials},
                {"slowest_shard_wall_seconds", summary.shard_wall_s},
                {"merge_seconds", summary.merge_s},
                {"out", out}});
  } else {
    std::cout << fmt::format(
        "{} shards merged: {} runs, {} trial rows in {:.2f} s (slowest shard ran {:.2f} s)\n"
        "results: {}/runs.csv, trials.csv, results.h5, sweep.json (edgetune report {})\n",
        summary.shards, summary.runs, summary.trials, summary.merge_s, summary.shard_wall_s, out,
        out);
  }
  return 0;
}

}  // namespace experiments
