#include "experiments/python/bindings.h"

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "core/errors.h"
#include "core/optimizers/registry.h"
#include "experiments/python/python_optimizer.h"
#include "experiments/python/verdict_bindings.h"
#include "experiments/run/optimizer_context.h"
#include "experiments/run/optimizer_factory.h"
#include "experiments/run/result_json.h"
#include "experiments/run/run_one.h"
#include "experiments/run/verifiable_optimum.h"
#include "experiments/tables/json_text.h"
#include "sim/surface_device.h"
#include "traces/skipped_levels.h"
#include "traces/surface_file.h"

namespace py = pybind11;

namespace experiments::python {
namespace {

using SurfacePtr = std::shared_ptr<traces::Surface>;

// A JSON value as the Python object json.loads gives.
py::object to_python(const nlohmann::json& value) {
  return py::module_::import("json").attr("loads")(json_text(value));
}

core::Config config_of(const core::ConfigSpace& space, const std::vector<int>& levels) {
  core::Config config = core::config_of_levels(levels);
  if (!space.contains(config)) {
    throw core::InputError("config " + py::str(py::cast(levels)).cast<std::string>() +
                           " is not a configuration of the space: give one level index per "
                           "knob, each within its knob's values");
  }
  return config;
}

// values (flat, row-major) as an array shaped like the grid.
py::array_t<double> grid_array(const core::ConfigSpace& space, const std::vector<double>& values) {
  std::vector<py::ssize_t> shape;
  for (const core::Knob& knob : space.knobs()) shape.push_back(py::ssize_t(knob.values.size()));
  py::array_t<double> array(shape);
  std::copy(values.begin(), values.end(), array.mutable_data());
  return array;
}

// /measured as booleans shaped like the grid: every point of a version-1
// surface was measured.
py::array_t<bool> measured_array(const traces::Surface& s) {
  std::vector<py::ssize_t> shape;
  for (const core::Knob& knob : s.space.knobs()) shape.push_back(py::ssize_t(knob.values.size()));
  py::array_t<bool> array(shape);
  bool* out = array.mutable_data();
  for (std::size_t i = 0; i < s.space.size(); ++i)
    out[i] = s.measured.empty() || s.measured[i] != 0;
  return array;
}

py::dict metric_arrays(const traces::Surface& s, const std::map<std::string, traces::Metric>& m) {
  py::dict out;
  for (const auto& [name, metric] : m) out[name.c_str()] = grid_array(s.space, metric.values);
  return out;
}

// A surface given as a path or a Surface, as the file holds it.
SurfacePtr surface_of(const py::object& surface) {
  if (py::isinstance<py::str>(surface)) {
    return std::make_shared<traces::Surface>(traces::load_surface(surface.cast<std::string>()));
  }
  return surface.cast<SurfacePtr>();
}

// The same as a replay searches it, without its skipped levels
// (traces/skipped_levels.h), as `edgetune run` replays it.
SurfacePtr replay_surface_of(const py::object& surface) {
  if (py::isinstance<py::str>(surface)) {
    return std::make_shared<traces::Surface>(
        traces::load_replay_surface(surface.cast<std::string>()));
  }
  SurfacePtr loaded = surface.cast<SurfacePtr>();
  if (traces::skipped_levels(*loaded).empty()) return loaded;
  return std::make_shared<traces::Surface>(traces::without_skipped_levels(*loaded));
}

// Between trials: a Ctrl-C (or other signal) Python has noted is raised
// now, not when the run ends.
void raise_pending_signals(std::size_t, const core::Measurement&) {
  py::gil_scoped_acquire gil;
  if (PyErr_CheckSignals() != 0) throw py::error_already_set();
}

// edgetune.run(): the C++ run loop, the GIL released while C++ works.
py::object run(const OptimizerFactory& optimizers, const py::object& optimizer,
               const py::object& surface_arg, const core::Goal& goal, int trials,
               std::uint64_t seed, double settle_s, double window_s) {
  if (trials < 1) throw core::InputError("trials is " + std::to_string(trials) + "; use 1 or more");
  goal.validate();
  RunSpec spec;
  const SurfacePtr surface = replay_surface_of(surface_arg);
  spec.surface = surface;
  spec.goal = goal;
  spec.budget.max_trials = trials;
  spec.seed = seed;
  spec.device.settle_s = settle_s;
  spec.device.window_s = window_s;
  spec.device.validate();
  const Reference reference = scoring_reference(*surface, goal);
  RunResult result;
  if (py::isinstance<py::str>(optimizer)) {
    spec.optimizer = optimizer.cast<std::string>();
    const core::OptimizerContext context = make_context(spec.optimizer, *surface);
    py::gil_scoped_release release;
    result = execute_run(spec, optimizers, context, reference, raise_pending_signals);
  } else {
    spec.optimizer = py::str(py::type::of(optimizer).attr("__name__")).cast<std::string>();
    check_optimizer_object(optimizer, spec.optimizer);
    PythonOptimizer adapter(optimizer, spec.optimizer);
    py::gil_scoped_release release;
    result = execute_run(spec, adapter, reference, raise_pending_signals);
  }
  return to_python(run_json(result));
}

void define_types(py::module_& m) {
  py::class_<core::Knob>(m, "Knob", "A hardware or workload knob and its settable values.")
      .def_readonly("name", &core::Knob::name)
      .def_readonly("unit", &core::Knob::unit)
      .def_readonly("values", &core::Knob::values, "settable values, strictly increasing")
      .def("__repr__", [](const core::Knob& k) {
        return "Knob('" + k.name + "', " + std::to_string(k.values.size()) + " values, " + k.unit +
               ")";
      });

  py::class_<core::ConfigSpace>(m, "ConfigSpace",
                                "The knobs and the grid they span. A configuration is a list of "
                                "level indices, one per knob (knob 0 first).")
      .def_property_readonly("knobs", &core::ConfigSpace::knobs)
      .def("__len__", &core::ConfigSpace::size, "number of configurations")
      .def(
          "index",
          [](const core::ConfigSpace& s, const std::vector<int>& levels) {
            return s.index(config_of(s, levels));
          },
          "flat (row-major) index of a configuration")
      .def(
          "config",
          [](const core::ConfigSpace& s, std::size_t index) {
            if (index >= s.size()) throw py::index_error("configuration index out of range");
            return core::levels_of(s.config(index));
          },
          "the configuration (levels) at a flat index")
      .def("contains",
           [](const core::ConfigSpace& s, const std::vector<int>& levels) {
             return s.contains(core::config_of_levels(levels));
           })
      .def(
          "values",
          [](const core::ConfigSpace& s, const std::vector<int>& levels) {
            const core::Config c = config_of(s, levels);
            std::vector<double> values;
            for (std::size_t k = 0; k < s.num_knobs(); ++k) values.push_back(s.value(c, k));
            return values;
          },
          "the knobs' physical values at a configuration");

  py::class_<core::Goal>(m, "Goal", "What to optimize: max_throughput(), min_power() or dual().")
      .def_property_readonly("kind", &core::Goal::kind)
      .def_readonly("power_budget_w", &core::Goal::power_budget_w)
      .def_readonly("throughput_target_fps", &core::Goal::throughput_target_fps)
      .def("feasible", &core::Goal::feasible, py::arg("throughput_fps"), py::arg("power_w"),
           "whether the metrics meet every constraint")
      .def("objective_value", &core::Goal::objective_value, py::arg("throughput_fps"),
           py::arg("power_w"), "larger is better: fps, -W or fps/W")
      .def("relative_violation", &core::Goal::relative_violation, py::arg("throughput_fps"),
           py::arg("power_w"),
           "how far the metrics miss the constraints, relative to each; 0 when met")
      .def("better", &core::Goal::better,
           "whether (a_fps, a_w) beats (b_fps, b_w) on the objective (feasibility aside)")
      .def("__repr__", [](const core::Goal& g) { return "Goal(" + goal_json(g).dump() + ")"; });

  py::class_<core::Budget>(m, "Budget", "What a run may spend: trials and board seconds.")
      .def_readonly("max_trials", &core::Budget::max_trials)
      .def_readonly("max_board_seconds", &core::Budget::max_board_seconds);

  py::class_<core::Measurement>(m, "Measurement", "One trial's reading.")
      .def_property_readonly("config",
                             [](const core::Measurement& r) { return core::levels_of(r.config); })
      .def_readonly("available", &core::Measurement::available,
                    "False when the configuration cannot run (metrics are NaN)")
      .def_readonly("throughput_fps", &core::Measurement::throughput_fps)
      .def_readonly("power_w", &core::Measurement::power_w)
      .def_readonly("cost_s", &core::Measurement::cost_s, "board time the trial took");

  py::class_<traces::Surface, SurfacePtr>(m, "Surface",
                                          "A performance surface (../shared/surface-format.md).")
      .def_readonly("path", &traces::Surface::path)
      .def_readonly("device", &traces::Surface::device)
      .def_readonly("model", &traces::Surface::model)
      .def_readonly("provenance", &traces::Surface::provenance)
      .def_readonly("description", &traces::Surface::description)
      .def_readonly("space", &traces::Surface::space)
      .def_property_readonly("knobs", [](const traces::Surface& s) { return s.space.knobs(); })
      .def_property_readonly(
          "metrics", [](const traces::Surface& s) { return metric_arrays(s, s.metrics); },
          "name -> numpy array shaped like the grid (NaN: cannot run)")
      .def_property_readonly(
          "metrics_std", [](const traces::Surface& s) { return metric_arrays(s, s.metrics_std); },
          "name -> per-point standard deviation of one reading (empty when not recorded)")
      .def_property_readonly("measured", &measured_array,
                             "numpy bool array shaped like the grid: the points that were "
                             "measured (all of a fully measured surface; format version 2)")
      .def_property_readonly(
          "completion",
          [](const traces::Surface& s) -> py::object {
            if (s.completion.method.empty()) return py::none();
            return py::dict(py::arg("method") = s.completion.method,
                            py::arg("parameters") = s.completion.parameters,
                            py::arg("readings") = s.completion.readings);
          },
          "None, or how `edgetune complete` filled the unmeasured points: method, "
          "parameters (JSON text), readings")
      .def_property_readonly("units", [](const traces::Surface& s) {
        std::map<std::string, std::string> units;
        for (const auto& [name, metric] : s.metrics) units[name] = metric.unit;
        return units;
      });

  py::class_<sim::SurfaceDevice>(m, "ReplayDevice",
                                 "Replays a surface (path or Surface) as a board, as `edgetune "
                                 "run` does (without skipped levels): each measure() reads the "
                                 "configuration with the surface's noise, seeded.")
      .def(py::init([](const py::object& surface, std::uint64_t seed, bool noise, double settle_s,
                       double window_s) {
             sim::SurfaceDeviceOptions options;
             options.noise = noise;
             options.settle_s = settle_s;
             options.window_s = window_s;
             options.validate();
             return std::make_unique<sim::SurfaceDevice>(replay_surface_of(surface), seed, options);
           }),
           py::arg("surface"), py::arg("seed") = 0, py::arg("noise") = true,
           py::arg("settle_s") = 2.0, py::arg("window_s") = 5.0)
      .def(
          "measure",
          [](sim::SurfaceDevice& d, const std::vector<int>& levels) {
            return d.measure(config_of(d.surface().space, levels));
          },
          py::arg("config"), "one reading of a configuration (list of levels)")
      .def_property_readonly(
          "space",
          [](const sim::SurfaceDevice& d) -> const core::ConfigSpace& { return d.surface().space; },
          py::return_value_policy::reference_internal, "the grid the device replays");
}

}  // namespace

void define_module(py::module_& m, const OptimizerFactory& optimizers) {
  m.doc() =
      "edgetune: replay performance surfaces of Jetson boards and run configuration optimizers "
      "(C++ or Python) against them with the testbed's own trial accounting and scoring.";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const core::InputError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });
  define_types(m);
  define_verdicts(m);
  m.def(
      "load_surface",
      [](const std::string& path) {
        return std::make_shared<traces::Surface>(traces::load_surface(path));
      },
      py::arg("path"), "Reads a surface file (HDF5); a damaged file raises ValueError.");
  m.def("max_throughput", &core::Goal::max_throughput, py::arg("power_budget") = py::none(),
        "Most fps, under a power budget (W) when given.");
  m.def("min_power", &core::Goal::min_power, py::arg("throughput_target"),
        "Least watts meeting a throughput target (fps).");
  m.def("dual", &core::Goal::dual, py::arg("power_budget"), py::arg("throughput_target"),
        "Least watts meeting the throughput target and the power budget together.");
  m.def(
      "oracle",
      [](const py::object& surface_arg, const core::Goal& goal, double slack_sd) {
        check_slack_sd(slack_sd, "slack_sd");
        const SurfacePtr surface = surface_of(surface_arg);
        const Reference reference = scoring_reference(*surface, goal);
        return to_python(oracle_json(*surface, goal, slack_sd,
                                     oracle_with_slack(*surface, goal, slack_sd), reference));
      },
      py::arg("surface"), py::arg("goal"), py::arg("slack_sd") = 0.0,
      "The exhaustive optimum on the noise-free surface, as `edgetune oracle --json`; with "
      "slack_sd, the best a method verifying with readings can count on.");
  m.def(
      "run",
      [&optimizers](const py::object& optimizer, const py::object& surface, const core::Goal& goal,
                    int trials, std::uint64_t seed, double settle_s, double window_s) {
        return run(optimizers, optimizer, surface, goal, trials, seed, settle_s, window_s);
      },
      py::arg("optimizer"), py::arg("surface"), py::arg("goal"), py::arg("trials") = 30,
      py::arg("seed") = 0, py::arg("settle_s") = 2.0, py::arg("window_s") = 5.0,
      "Runs an optimizer (a registered name, 'py:PATH.py:Class', or an object with "
      "start/propose/observe/recommend) on the replayed surface and scores it: the fields of "
      "`edgetune run --json`. The same seed gives the same run as the CLI.");
  m.def(
      "list_optimizers", [] { return to_python(optimizer_catalog_json()); },
      "The registered optimizers (dicts), as `edgetune list optimizers --json` lists them.");
}

}  // namespace experiments::python
