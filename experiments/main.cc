#include "experiments/commands.h"

int main(int argc, char** argv) { return experiments::run_cli(argc, argv); }
