#include "experiments/cli/commands.h"
#include "experiments/python/python_optimizer.h"

int main(int argc, char** argv) {
  // Python's interpreter starts on the first use of a py: optimizer.
  const experiments::OptimizerFactory optimizers({experiments::python::python_optimizer_plugin()});
  return experiments::run_cli(argc, argv, optimizers);
}
