#include "experiments/sweep/weights_file.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/errors.h"
#include "core/optimizers/registry.h"
#include "experiments/sweep/sweep_plan.h"
#include "experiments/tables/text_file.h"

namespace experiments {
namespace {

constexpr const char* kMagic = "edgetune-weights 1";

std::vector<std::string> sorted_names(const core::OptimizerContext& context) {
  std::vector<std::string> names;
  for (const auto& s : context.training_surfaces) names.push_back(s->name);
  std::sort(names.begin(), names.end());
  return names;
}

std::string joined(const std::vector<std::string>& names) {
  std::string line;
  for (const std::string& n : names) line += (line.empty() ? "" : " ") + n;
  return line;
}

}  // namespace

std::string weights_path(const std::string& dir, const std::string& optimizer,
                         const traces::Surface& target) {
  return dir + "/" + optimizer + "--" + surface_name(target) + ".weights";
}

void check_weights_destination(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::absolute(path).parent_path();
  if (access(parent.c_str(), W_OK) != 0) {
    throw core::InputError(path + ": cannot write there (" + parent.string() +
                           " is missing or read-only); choose another path");
  }
}

void write_weights_file(const std::string& path, const std::string& optimizer,
                        const traces::Surface& target, const core::OptimizerContext& context,
                        const core::TrainedModel& model) {
  // Written beside and renamed into place: a reader (a shard starting while
  // the training step still runs) never sees half a file.
  const std::string temporary = temporary_beside(path);
  {
    std::ofstream out(temporary);
    if (!out) throw core::InputError(path + ": cannot write; check the directory");
    std::string training;
    for (const auto& s : context.training_surfaces) training += " " + s->name;
    out << kMagic << "\noptimizer " << optimizer << "\ntarget " << target.device << " "
        << target.model << "\ntraining" << training << "\n";
    model.save(out);
    if (!out.flush()) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      throw core::InputError(path + ": write failed; is the disk full?");
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) throw core::InputError(path + ": cannot replace the file: " + error.message());
}

std::shared_ptr<const core::TrainedModel> read_weights_file(const std::string& path,
                                                            const std::string& optimizer,
                                                            const core::OptimizerContext& context) {
  std::ifstream in(path);
  if (!in) {
    throw core::InputError(path +
                           ": missing; run the sweep's training step first (the same sweep "
                           "command with --train-only --models DIR)");
  }
  std::string magic, optimizer_line, target_line, training_line;
  std::getline(in, magic);
  std::getline(in, optimizer_line);
  std::getline(in, target_line);
  std::getline(in, training_line);
  if (magic != kMagic || optimizer_line.rfind("optimizer ", 0) != 0 ||
      training_line.rfind("training", 0) != 0) {
    throw core::InputError(path + ": not an edgetune weights file; rerun the training step");
  }
  if (optimizer_line != "optimizer " + optimizer) {
    throw core::InputError(path + ": holds '" + optimizer_line.substr(10) + "' weights, not '" +
                           optimizer + "'; rerun the training step");
  }
  std::vector<std::string> names;
  std::istringstream training(training_line.substr(8));
  for (std::string name; training >> name;) names.push_back(name);
  std::sort(names.begin(), names.end());
  const std::vector<std::string> expected = sorted_names(context);
  if (names != expected) {
    throw core::InputError(path + ": trained on [" + joined(names) + "], this sweep trains on [" +
                           joined(expected) + "]; rerun the training step with this sweep's " +
                           "surfaces");
  }
  try {
    return core::load_trained_model(optimizer, in);
  } catch (const core::InputError& e) {
    throw core::InputError(path + ": " + e.what() + "; rerun the training step");
  }
}

}  // namespace experiments
