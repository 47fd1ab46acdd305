// edgetune train --optimizer dvfo|maple-edge --surface TARGET --out FILE
//                [--training-surfaces F...] [--json]
// Trains an offline-learning baseline leave-one-surface-out for TARGET and
// writes its weights as text. `run` and `sweep` train the very same model
// in-process (same data, same seed, core/optimizers/trained_models.h), so this command
// is how the weights are rebuilt and inspected; none are committed.
#include <fmt/format.h>

#include <fstream>
#include <iostream>

#include "core/errors.h"
#include "core/optimizers/trained_models.h"
#include "experiments/command_line.h"
#include "experiments/json_output.h"
#include "experiments/optimizer_context.h"
#include "traces/surface_file.h"

namespace po = boost::program_options;

namespace experiments {

int cmd_train(const Args& args) {
  po::options_description options("train options");
  options.add_options()("optimizer", po::value<std::string>()->required(), "dvfo or maple-edge")(
      "surface", po::value<std::string>()->required(),
      "the target surface: left out of training with every surface of its device and model")(
      "training-surfaces", po::value<std::vector<std::string>>()->multitoken(),
      "surfaces to learn from (default: the shipped ones)")(
      "out,o", po::value<std::string>()->required(), "weights file to write")(
      "json", po::bool_switch(), "print one JSON object");
  const auto vm = parse_command_line(
      args, "edgetune train --optimizer dvfo|maple-edge --surface TARGET --out FILE", options);
  if (!vm) return 0;
  const std::string optimizer = (*vm)["optimizer"].as<std::string>();
  if (optimizer != "dvfo" && optimizer != "maple-edge") {
    throw core::InputError("--optimizer '" + optimizer +
                           "' does not train offline; the ones that do: dvfo, maple-edge");
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
  std::ofstream out(out_path);
  if (!out) throw core::InputError(out_path + ": cannot write; check the directory");
  out << "edgetune-weights 1\noptimizer " << optimizer << "\ntarget " << target.device << " "
      << target.model << "\ntraining";
  std::vector<std::string> names;
  for (const auto& s : context.training_surfaces) {
    out << " " << s->name;
    names.push_back(s->name);
  }
  out << "\n";
  out.precision(17);
  double seconds = 0.0;
  if (optimizer == "dvfo") {
    const auto policy = core::shared_dvfo_policy(context);
    seconds = policy->training_seconds;
    policy->q.save(out);
  } else {
    const auto model = core::shared_maple_edge_model(context);
    seconds = model->training_seconds;
    model->net.save(out);
    out << "descriptor_mean";
    for (double v : model->descriptor_mean) out << " " << v;
    out << "\ndescriptor_scale";
    for (double v : model->descriptor_scale) out << " " << v;
    out << "\noutput " << model->fps_mean << " " << model->fps_scale << " " << model->w_mean << " "
        << model->w_scale << "\n";
  }
  if (!out.flush()) throw core::InputError(out_path + ": write failed; is the disk full?");
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
