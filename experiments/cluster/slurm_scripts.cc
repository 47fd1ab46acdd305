#include "experiments/cluster/slurm_scripts.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/errors.h"
#include "traces/surface_file.h"

namespace experiments {
namespace {

namespace fs = std::filesystem;

bool valid_time_limit(const std::string& text) {
  // Slurm accepts more forms; HH:MM:SS is the one we document and check.
  if (text.empty() || text.find_first_not_of("0123456789:") != std::string::npos) return false;
  int h = 0, m = 0, s = 0;
  char tail = 0;
  return std::sscanf(text.c_str(), "%d:%d:%d%c", &h, &m, &s, &tail) == 3 && h >= 0 && m >= 0 &&
         m < 60 && s >= 0 && s < 60 && h + m + s > 0;
}

// A partition list as Slurm names them ("short", "gpu,cpu"): anything else
// would be written raw into an #SBATCH line.
bool valid_partition(const std::string& text) {
  return text.find_first_not_of(
             "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
             "0123456789_.,-") == std::string::npos;
}

// A path that enters a script: a line break would end the quoted word (and
// the #SBATCH line) and start a command; sbatch reads a backslash in an
// #SBATCH line differently from bash.
void check_script_path(const std::string& what, const std::string& path) {
  if (path.find_first_of("\n\r\\") != std::string::npos) {
    throw core::InputError(what + " '" + traces::printable(path) +
                           "' holds a line break or backslash, which cannot enter a job script "
                           "safely; use a path without them");
  }
}

// `path` for an #SBATCH --output pattern: Slurm expands %j, %a, ... there;
// %% is a literal %.
std::string output_pattern(const std::string& path) {
  std::string escaped;
  for (char c : path) escaped += c == '%' ? std::string("%%") : std::string(1, c);
  return escaped;
}

void check(const SlurmOptions& options) {
  if (options.tasks < 1) {
    throw core::InputError(fmt::format("--slurm is {}; use 1 or more array tasks", options.tasks));
  }
  if (options.cpus_per_task < 1) {
    throw core::InputError(
        fmt::format("--cpus-per-task is {}; use 1 or more", options.cpus_per_task));
  }
  if (!options.time_limit.empty() && !valid_time_limit(options.time_limit)) {
    throw core::InputError("--time '" + traces::printable(options.time_limit) +
                           "': expected HH:MM:SS, e.g. 01:30:00");
  }
  if (!valid_partition(options.partition)) {
    throw core::InputError("--partition '" + traces::printable(options.partition) +
                           "': expected a partition name or a comma-separated list of them "
                           "(letters, digits, '_', '.', '-')");
  }
}

std::string joined_quoted(const std::vector<std::string>& words) {
  std::string line;
  for (const std::string& w : words) line += " " + shell_quote(w);
  return line;
}

// The #SBATCH header every job shares. `log` is an --output pattern
// (output_pattern() escapes a path's own %).
std::string header(const SlurmOptions& options, const std::string& name, const std::string& log,
                   const std::string& cwd) {
  std::string text = "#!/bin/bash\n#SBATCH --job-name=" + name +
                     "\n#SBATCH --chdir=" + shell_quote(cwd) +
                     "\n#SBATCH --output=" + shell_quote(log) +
                     "\n#SBATCH --cpus-per-task=" + std::to_string(options.cpus_per_task) + "\n";
  if (!options.partition.empty()) text += "#SBATCH --partition=" + options.partition + "\n";
  if (!options.time_limit.empty()) text += "#SBATCH --time=" + options.time_limit + "\n";
  return text;
}

void write_script(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  if (!out.flush()) throw core::InputError(path + ": cannot write; check the directory");
  out.close();
  fs::permissions(path, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec,
                  fs::perm_options::add);
}

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    if (!dir.empty() && access((dir + "/" + program).c_str(), X_OK) == 0) return true;
  }
  return false;
}

}  // namespace

std::string shell_quote(const std::string& text) {
  const bool plain = !text.empty() && text.find_first_not_of(
                                          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789_-+=/.,:@%") == std::string::npos;
  if (plain) return text;
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

SlurmScripts write_slurm_scripts(const SlurmOptions& options, const std::string& edgetune,
                                 const std::vector<std::string>& plan_arguments,
                                 const std::string& out_dir, bool needs_training, bool force) {
  check(options);
  const std::string out = fs::absolute(out_dir).lexically_normal().string();
  const std::string cwd = fs::current_path().string();
  check_script_path("--out", out);
  check_script_path("the working directory", cwd);
  check_script_path("the edgetune binary", edgetune);
  for (const std::string& argument : plan_arguments) check_script_path("argument", argument);
  const std::string logs = output_pattern(out + "/slurm/logs");
  SlurmScripts scripts;
  scripts.dir = out + "/slurm";
  std::error_code error;
  fs::create_directories(scripts.dir + "/logs", error);
  if (error) throw core::InputError(scripts.dir + ": cannot create (" + error.message() + ")");
  const std::string sweep = shell_quote(edgetune) + " sweep" + joined_quoted(plan_arguments);
  const std::string models = out + "/models";
  const std::string threads = " --jobs \"${SLURM_CPUS_PER_TASK:-1}\" --quiet";
  const std::string n = std::to_string(options.tasks);

  if (needs_training) {
    scripts.files.push_back(scripts.dir + "/train.sbatch");
    write_script(scripts.files.back(),
                 header(options, "edgetune-train", logs + "/train.out", cwd) +
                     "# Trains the offline-learned optimizers once for every shard.\nexec " +
                     sweep + " --train-only --models " + shell_quote(models) + threads + "\n");
  }
  scripts.files.push_back(scripts.dir + "/shards.sbatch");
  write_script(
      scripts.files.back(),
      header(options, "edgetune-shards", logs + "/shard-%a.out", cwd) + "#SBATCH --array=0-" +
          std::to_string(options.tasks - 1) + "\n#SBATCH --requeue\n" + "# Shard K of " + n +
          " per array task. A failed task: sbatch --array=K this script,\n"
          "# and its shard resumes; then submit merge.sbatch again (it waited on this array).\n" +
          "k=\"${SLURM_ARRAY_TASK_ID:?run this script with sbatch}\"\nexec " + sweep +
          " --shard \"$k/" + n + "\" --out " + shell_quote(out + "/shards/shard-") + "\"$k\"" +
          shell_quote("-of-" + n) +
          (needs_training ? " --models " + shell_quote(models) : std::string()) +
          (force ? " --force" : "") + threads + "\n");
  std::vector<std::string> shard_dirs;
  for (int k = 0; k < options.tasks; ++k) {
    shard_dirs.push_back(out + "/shards/shard-" + std::to_string(k) + "-of-" + n);
  }
  scripts.files.push_back(scripts.dir + "/merge.sbatch");
  write_script(scripts.files.back(), header(options, "edgetune-merge", logs + "/merge.out", cwd) +
                                         "# Joins the shards into what one sweep writes.\nexec " +
                                         shell_quote(edgetune) + " merge --force --out " +
                                         shell_quote(out) + joined_quoted(shard_dirs) + "\n");

  scripts.submit = scripts.dir + "/submit.sh";
  // When an sbatch fails, the jobs already queued are cancelled: they would
  // wait forever on a dependency that never comes.
  std::string submit =
      "#!/bin/sh\n# Submits the sweep's jobs, each after the one before succeeded.\nset -e\n"
      "queued=\n"
      "trap 'status=$?; if [ \"$status\" -ne 0 ] && [ -n \"$queued\" ]; then "
      "scancel $queued; echo \"cancelled the jobs already queued:$queued\" >&2; fi' EXIT\n";
  std::string previous, report;
  for (const std::string& file : scripts.files) {
    const std::string job = fs::path(file).stem().string();
    submit += job + "=$(sbatch --parsable" +
              (previous.empty() ? "" : " --dependency=afterok:\"$" + previous + "\"") + " " +
              shell_quote(file) + ")\n" + job + "=\"${" + job + "%%;*}\"\nqueued=\"$queued $" +
              job + "\"\n";
    report += (report.empty() ? "" : " ") + job + " $" + job;
    previous = job;
  }
  submit += "echo \"" + report + "\"\n";
  write_script(scripts.submit, submit);
  return scripts;
}

std::string submit_slurm_scripts(const SlurmScripts& scripts) {
  if (!on_path("sbatch")) {
    throw core::InputError("sbatch: not found on PATH; run on a Slurm login node, or submit " +
                           scripts.submit + " there");
  }
  const std::string command = "/bin/sh " + shell_quote(scripts.submit) + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw core::InputError("cannot run " + scripts.submit);
  std::string output;
  std::array<char, 512> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe)) output += buffer.data();
  const int status = pclose(pipe);
  while (!output.empty() && output.back() == '\n') output.pop_back();
  const std::string last =
      output.substr(output.rfind('\n') == std::string::npos ? 0 : output.rfind('\n') + 1);
  // All of it: sbatch's reason comes before submit.sh's note on what it
  // cancelled.
  if (status != 0) throw core::InputError("sbatch refused a job: " + traces::printable(output));
  return last;
}

}  // namespace experiments
