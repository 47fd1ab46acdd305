#include "experiments/python/python_optimizer.h"

#include <pybind11/embed.h>
#include <pybind11/stl.h>

#include <filesystem>
#include <map>
#include <mutex>  // std::once_flag

#include "core/errors.h"
#include "core/text.h"

namespace py = pybind11;

namespace experiments::python {
namespace {

constexpr const char* kMethods[] = {"start", "propose", "observe", "recommend"};
// The most of a Python value or message an error quotes.
constexpr std::size_t kMaxQuoted = 500;

// "TypeError: message" on one line.
std::string one_line(const py::error_already_set& e) {
  std::string text = py::str(e.type().attr("__name__")).cast<std::string>() + ": " +
                     py::str(e.value()).cast<std::string>();
  // An error can quote a huge value (a 10^7-element list: 89 MB).
  return core::printable(text, kMaxQuoted);
}

// Runs `call` (which touches Python) under the GIL, turning a Python
// exception into core::InputError naming the method and call.
template <typename Call>
auto guarded(const std::string& name, const char* method, Call call) {
  py::gil_scoped_acquire gil;
  try {
    return call();
  } catch (py::error_already_set& e) {
    // KeyboardInterrupt and SystemExit are no failure of the method: they
    // go on as they are (as ValueError, `except ValueError` swallowed Ctrl-C).
    if (!e.matches(PyExc_Exception)) throw;
    throw core::InputError(name + ": " + method + "() raised " + one_line(e));
  } catch (const py::cast_error& e) {
    throw core::InputError(name + ": " + method + "() returned a value of the wrong type (" +
                           e.what() + ")");
  }
}

// "py:PATH.py:Class" -> (PATH.py, Class).
std::pair<std::string, std::string> split_spec(const std::string& spec) {
  const std::string body = spec.substr(3);
  const std::size_t colon = body.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == body.size()) {
    throw core::InputError("'" + spec + "': a Python optimizer is py:PATH.py:Class");
  }
  return {body.substr(0, colon), body.substr(colon + 1)};
}

// The class `spec` names, imported once per process. The classes are kept
// for the life of the process (never released: the interpreter of the
// edgetune binary is never finalized, and releasing them at exit would
// need the GIL). The GIL alone guards the cache: a C++ lock taken before it
// would deadlock when the imported code calls back into edgetune.
py::handle load_class(const std::string& spec) {
  static std::map<std::string, py::handle>* classes = new std::map<std::string, py::handle>();
  const auto [path, class_name] = split_spec(spec);
  py::gil_scoped_acquire gil;
  const auto found = classes->find(spec);
  if (found != classes->end()) return found->second;
  if (!std::filesystem::is_regular_file(path)) {
    throw core::InputError("'" + spec + "': " + path + " not found; give the path of a .py file");
  }
  try {
    const py::module_ util = py::module_::import("importlib.util");
    const std::string module_name = "edgetune_user_" + std::to_string(classes->size()) + "_" +
                                    std::filesystem::path(path).stem().string();
    const py::object where = util.attr("spec_from_file_location")(module_name, path);
    const py::object module = util.attr("module_from_spec")(where);
    // As with `python PATH.py`, modules beside the file are importable.
    py::list sys_path = py::module_::import("sys").attr("path");
    const std::string dir = std::filesystem::absolute(path).parent_path().string();
    if (!sys_path.contains(dir)) sys_path.insert(0, dir);
    py::module_::import("sys").attr("modules")[module_name.c_str()] = module;
    where.attr("loader").attr("exec_module")(module);
    if (!py::hasattr(module, class_name.c_str())) {
      throw core::InputError("'" + spec + "': " + path + " has no class '" + class_name + "'");
    }
    py::object cls = module.attr(class_name.c_str());
    check_optimizer_object(cls, "'" + spec + "': class " + class_name);
    // The import may have let another thread run (and load `spec` too):
    // the first class stored is the one every run gets.
    const auto loaded = classes->emplace(spec, py::handle());
    if (loaded.second) loaded.first->second = cls.release();
    return loaded.first->second;
  } catch (py::error_already_set& e) {
    throw core::InputError("'" + spec + "': loading " + path + " raised " + one_line(e));
  }
}

}  // namespace

PythonOptimizer::PythonOptimizer(py::object instance, std::string name)
    : instance_(std::move(instance)), name_(std::move(name)) {}

PythonOptimizer::~PythonOptimizer() {
  py::gil_scoped_acquire gil;
  instance_ = py::object();
}

void PythonOptimizer::start(const core::ConfigSpace& space, const core::Goal& goal,
                            const core::Budget& budget, std::uint64_t seed) {
  space_ = &space;
  guarded(name_, "start", [&] {
    // A copy: the object may keep it (and outlive this run's surface).
    instance_.attr("start")(py::cast(space, py::return_value_policy::copy), goal, budget, seed);
  });
}

std::optional<core::Config> PythonOptimizer::propose() {
  return guarded(name_, "propose",
                 [&] { return to_config(instance_.attr("propose")(), "propose"); });
}

void PythonOptimizer::observe(const core::Measurement& result) {
  guarded(name_, "observe", [&] { instance_.attr("observe")(result); });
}

std::optional<core::Config> PythonOptimizer::recommend() const {
  return guarded(name_, "recommend",
                 [&] { return to_config(instance_.attr("recommend")(), "recommend"); });
}

std::optional<core::Config> PythonOptimizer::to_config(const py::handle& levels,
                                                       const char* method) const {
  if (levels.is_none()) return std::nullopt;
  core::Config config;
  config = core::config_of_levels(levels.cast<std::vector<int>>());
  if (!space_->contains(config)) {
    throw core::InputError(name_ + ": " + method + "() returned " +
                           core::printable(py::str(levels).cast<std::string>(), kMaxQuoted) +
                           ", not a configuration (" + std::to_string(space_->num_knobs()) +
                           " levels, each within its knob's values)");
  }
  return config;
}

void check_optimizer_object(const py::handle& instance, const std::string& name) {
  for (const char* method : kMethods) {
    if (!py::hasattr(instance, method)) {
      throw core::InputError(name + " has no " + method +
                             "() method (an optimizer needs start, propose, observe and "
                             "recommend)");
    }
  }
}

void ensure_interpreter() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (Py_IsInitialized()) {
      py::gil_scoped_acquire gil;
      py::module_::import("edgetune");
      return;
    }
    // Without Python's signal handlers: its SIGINT handler only sets a flag
    // the main thread never checks during a sweep, so Ctrl-C would not stop it.
    py::initialize_interpreter(false);
    // The binary's stdout carries its results (--json above all): what a
    // plug-in prints is a diagnostic and goes to stderr.
    py::module_ sys = py::module_::import("sys");
    sys.attr("stdout") = sys.attr("stderr");
    py::module_::import("edgetune");
    PyEval_SaveThread();  // release the GIL for good: every call acquires it
  });
}

OptimizerPlugin python_optimizer_plugin() {
  OptimizerPlugin plugin;
  plugin.prefix = "py:";
  plugin.one_thread = true;  // every call holds the GIL
  plugin.check = [](const std::string& name) {
    ensure_interpreter();
    load_class(name);
  };
  plugin.make = [](const std::string& name) -> std::unique_ptr<core::Optimizer> {
    ensure_interpreter();
    const py::handle cls = load_class(name);
    py::object instance = guarded(name, "__init__", [&] { return cls(); });
    return std::make_unique<PythonOptimizer>(std::move(instance), name);
  };
  return plugin;
}

}  // namespace experiments::python
