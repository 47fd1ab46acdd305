#include "experiments/commands.h"
#include "experiments/python/python_optimizer.h"

int main(int argc, char** argv) {
  experiments::python::install_python_optimizers();  // the interpreter starts on first use
  return experiments::run_cli(argc, argv);
}
