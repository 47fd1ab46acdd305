// In-process libFuzzer target over the project's own parsers, which need no
// child process (unlike libhdf5 behind load_surface): one binary, the parser
// chosen by $EDGETUNE_FUZZ_TARGET, each with its corpus in
// tests/fuzz/corpus/<target>/ (.ci/fuzz runs each for a share of its time).
//   csv_import     a long-format table through import_surface
//   surface_codec  bytes through decode_surface and validate_surface
//   scenario       a scenario file through load_scenario_file
//   state_file     a live --restore state file through BoardSnapshot::load
//   sweep_table    runs.csv/trials.csv through read_csv_table and number()
// Every input must parse or be refused with one core::InputError line;
// another exception, a second line, a crash, a leak or a sanitizer report
// is a finding.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "core/errors.h"
#include "devices/board_snapshot.h"
#include "experiments/run/scenarios.h"
#include "experiments/surfaces/surface_import.h"
#include "experiments/tables/csv.h"
#include "traces/surface_codec.h"
#include "traces/surface_file.h"

namespace {

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "FUZZ FINDING: %s\n", what.c_str());
  std::abort();
}

const std::string& scratch() {
  static const std::string dir = [] {
    // A fixed path in memory: the state-file seeds name files under it.
    const std::string d = "/dev/shm/edgetune-parsers-fuzz";
    std::filesystem::create_directories(d + "/sys/devices/system/cpu/cpu0/cpufreq");
    std::ofstream(d + "/sys/devices/system/cpu/cpu0/online") << "1\n";
    std::ofstream(d + "/sys/devices/system/cpu/cpu0/cpufreq/scaling_max_freq") << "2201600\n";
    return d;
  }();
  return dir;
}

std::string as_file(const std::uint8_t* data, std::size_t size, const char* name) {
  const std::string path = scratch() + "/" + name;
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

void csv_import(const std::uint8_t* data, std::size_t size) {
  experiments::ImportSpec spec;
  spec.csv_files = {as_file(data, size, "table.csv")};
  spec.knobs = {{"gpu_freq", "freq", "MHz"}, {"concurrency", "streams", "count"}};
  spec.metrics = {{"throughput", "fps", "fps"}, {"power", "watts", "W"}};
  spec.device = "fuzz-board";
  spec.model = "fuzz-model";
  traces::validate_surface(experiments::import_surface(spec));
}

void surface_codec(const std::uint8_t* data, std::size_t size) {
  const traces::Surface s =
      traces::decode_surface(std::string(reinterpret_cast<const char*>(data), size));
  traces::validate_surface(s);
  // What decodes and validates encodes back to the same surface.
  if (traces::encode_surface(traces::decode_surface(traces::encode_surface(s))) !=
      traces::encode_surface(s))
    finding("surface codec does not round-trip");
}

void scenario(const std::uint8_t* data, std::size_t size) {
  const experiments::ScenarioSet set =
      experiments::load_scenario_file(as_file(data, size, "scenarios.json"));
  experiments::scenario_set_json(set).dump();
}

void state_file(const std::uint8_t* data, std::size_t size) {
  devices::BoardSnapshot::load(as_file(data, size, "state.tsv"), scratch());
}

void sweep_table(const std::uint8_t* data, std::size_t size) {
  const experiments::CsvTable table = experiments::read_csv_table(as_file(data, size, "runs.csv"));
  for (std::size_t row = 0; row < table.rows.size(); ++row) {
    for (std::size_t column = 0; column < table.header.size(); ++column) table.number(row, column);
  }
}

using Target = void (*)(const std::uint8_t*, std::size_t);

Target chosen() {
  static const Target target = [] {
    const char* name = std::getenv("EDGETUNE_FUZZ_TARGET");
    const std::string n = name ? name : "";
    if (n == "csv_import") return &csv_import;
    if (n == "surface_codec") return &surface_codec;
    if (n == "scenario") return &scenario;
    if (n == "state_file") return &state_file;
    if (n == "sweep_table") return &sweep_table;
    std::fprintf(stderr,
                 "set EDGETUNE_FUZZ_TARGET to csv_import, surface_codec, scenario, state_file or "
                 "sweep_table\n");
    std::exit(2);
  }();
  return target;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Target target = chosen();
  try {
    target(data, size);
  } catch (const core::InputError& e) {
    const std::string message = e.what();
    if (message.find('\n') != std::string::npos) finding("error spans lines: " + message);
  } catch (const std::exception& e) {
    finding(std::string("not an InputError: ") + e.what());
  }
  return 0;
}
