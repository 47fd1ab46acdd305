// edgetune train --optimizer NAME --surface TARGET --out FILE
//                [--training-surfaces F...] [--json]
// Trains an offline-learning baseline leave-one-surface-out for TARGET and
// writes its weights as text. `run` and `sweep` train the very same model
// in-process (same data, same seed, core/optimizers/trained_models.h), so this
// command is how the weights are rebuilt and inspected; none are committed.
// Any registered optimizer with a training hook can be trained here.
#include <fmt/format.h>

#include <iostream>

#include "core/errors.h"
#include "core/optimizers/registry.h"
#include "experiments/cli/command_line.h"
#include "experiments/cli/json_output.h"
#include "experiments/run/optimizer_context.h"
#include "experiments/sweep/weights_file.h"
#include "traces/surface_file.h"

namespace po = boost::program_options;

namespace experiments {

int cmd_train(const Args& args, const OptimizerFactory& /*optimizers*/) {
  po::options_description options("train options");
  options.add_options()(
      "optimizer", po::value<std::string>()->required(),
      "an optimizer that trains offline: edgetune list optimizers --json, needs_training")(
      "surface", po::value<std::string>()->required(),
      "the target surface: left out of training with every surface of its device and model")(
      "training-surfaces", po::value<std::vector<std::string>>()->multitoken(),
      "surfaces to learn from (default: the shipped ones)")(
      "out,o", po::value<std::string>()->required(), "weights file to write")(
      "json", po::bool_switch(), "print one JSON object");
  const auto vm = parse_command_line(
      args, "edgetune train --optimizer NAME --surface TARGET --out FILE", options);
  if (!vm) return 0;
  const std::string optimizer = (*vm)["optimizer"].as<std::string>();
  const core::OptimizerInfo* info = core::find_optimizer_info(optimizer);
  if (!info || !info->needs_training) {
    std::string trainable;
    for (const core::OptimizerInfo& i : core::optimizer_catalog()) {
      if (i.needs_training) trainable += (trainable.empty() ? "" : ", ") + i.name;
    }
    throw core::InputError("--optimizer '" + optimizer +
                           "' does not train offline; the ones that do: " + trainable);
  }
  const traces::Surface target = traces::load_surface((*vm)["surface"].as<std::string>());
  const core::OptimizerContext context = make_context(
      optimizer, target,
      vm->count("training-surfaces") ? (*vm)["training-surfaces"].as<std::vector<std::string>>()
                                     : std::vector<std::string>{});
  if (context.training_surfaces.empty()) {
    throw core::InputError("no training surface is left once " + target.label() +
                           "'s device and model are left out; pass --training-surfaces");
  }
  const std::string out_path = (*vm)["out"].as<std::string>();
  check_weights_destination(out_path);
  const std::shared_ptr<const core::TrainedModel> model = core::trained_model(optimizer, context);
  write_weights_file(out_path, optimizer, target, context, *model);
  std::vector<std::string> names;
  for (const auto& s : context.training_surfaces) names.push_back(s->name);
  const double seconds = model->training_seconds;
  if ((*vm)["json"].as<bool>()) {
    print_json({{"optimizer", optimizer},
                {"target", target.label()},
                {"training_surfaces", names},
                {"training_cpu_seconds", seconds},
                {"out", out_path}});
  } else {
    std::cout << fmt::format("{} trained on {} surfaces in {:.2f} s of CPU; weights in {}\n",
                             optimizer, names.size(), seconds, out_path);
  }
  return 0;
}

}  // namespace experiments
