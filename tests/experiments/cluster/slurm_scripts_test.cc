// The Slurm job scripts a sweep writes: each parses as bash, the jobs chain
// by dependency, the plan's arguments reach the shards quoted, and a fake
// sbatch on PATH shows what submit.sh asks of Slurm.
#include "experiments/cluster/slurm_scripts.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/errors.h"

namespace {

namespace fs = std::filesystem;

std::string fresh_dir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("edgetune-slurm-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The exit code of `command` under /bin/sh.
int shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The words of an #SBATCH line's rest as sbatch reads them
// (src/sbatch/opt.c, _get_argument): ' or " quote, a backslash escapes the
// next character even inside quotes, an unquoted # starts a comment.
std::vector<std::string> sbatch_words(const std::string& text) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size() || text[i] == '#') break;
    std::string word;
    char quote = 0;
    for (; i < text.size() && (quote || !std::isspace(static_cast<unsigned char>(text[i]))); ++i) {
      const char c = text[i];
      if (c == '\\' && i + 1 < text.size()) {
        word += text[++i];
      } else if (quote && c == quote) {
        quote = 0;
      } else if (!quote && (c == '\'' || c == '"')) {
        quote = c;
      } else if (!quote && c == '#') {
        i = text.size();
        break;
      } else {
        word += c;
      }
    }
    words.push_back(word);
  }
  return words;
}

// OUT/bin with a fake sbatch, which logs its arguments to OUT/sbatch.log
// and answers job ids 101, 102, ... (refusing from the `refuse_from`-th
// call on, as a full queue does; never when 0), and a fake scancel, which
// logs its arguments to OUT/scancel.log. Returns OUT/bin.
std::string fake_slurm(const std::string& out, int refuse_from) {
  const std::string bin = out + "/bin";
  fs::create_directories(bin);
  {
    std::ofstream sbatch(bin + "/sbatch");
    sbatch << "#!/bin/sh\necho \"$@\" >> '" << out << "/sbatch.log'\n"
           << "n=$(wc -l < '" << out << "/sbatch.log')\n";
    if (refuse_from > 0) {
      sbatch << "[ \"$n\" -lt " << refuse_from
             << " ] || { echo 'sbatch: error: QOSMaxSubmitJobPerUserLimit' >&2; exit 1; }\n";
    }
    sbatch << "echo \"$((n + 100));cluster\"\n";
    std::ofstream scancel(bin + "/scancel");
    scancel << "#!/bin/sh\necho \"$@\" > '" << out << "/scancel.log'\n";
  }
  fs::permissions(bin + "/sbatch", fs::perms::owner_all);
  fs::permissions(bin + "/scancel", fs::perms::owner_all);
  return bin;
}

TEST(SlurmScriptsTest, WritesJobsThatParseAndChainByDependency) {
  const std::string out = fresh_dir("chain");
  experiments::SlurmOptions options;
  options.tasks = 4;
  options.partition = "short";
  options.time_limit = "00:30:00";
  options.cpus_per_task = 2;
  const auto scripts = experiments::write_slurm_scripts(
      options, "/opt/edgetune", {"--optimizers", "coral,bo"}, out + "/sweep", true, false);
  ASSERT_EQ(scripts.files.size(), 3u);  // train, shards, merge
  for (const std::string& file : scripts.files) {
    EXPECT_EQ(shell("bash -n '" + file + "'"), 0) << read(file);
    EXPECT_EQ(::access(file.c_str(), X_OK), 0) << file;
  }
  EXPECT_EQ(shell("sh -n '" + scripts.submit + "'"), 0) << read(scripts.submit);
  const std::string shards = read(scripts.files[1]);
  EXPECT_NE(shards.find("#SBATCH --array=0-3\n"), std::string::npos) << shards;
  EXPECT_NE(shards.find("#SBATCH --partition=short\n"), std::string::npos) << shards;
  EXPECT_NE(shards.find("#SBATCH --time=00:30:00\n"), std::string::npos) << shards;
  EXPECT_NE(shards.find("--shard \"$k/4\""), std::string::npos) << shards;
  EXPECT_NE(shards.find("--models " + out + "/sweep/models"), std::string::npos) << shards;
  const std::string submit = read(scripts.submit);
  EXPECT_NE(submit.find("shards=$(sbatch --parsable --dependency=afterok:\"$train\""),
            std::string::npos)
      << submit;
  EXPECT_NE(submit.find("merge=$(sbatch --parsable --dependency=afterok:\"$shards\""),
            std::string::npos)
      << submit;
}

TEST(SlurmScriptsTest, WithoutTrainingThereIsNoTrainingJob) {
  const std::string out = fresh_dir("notrain");
  const auto scripts = experiments::write_slurm_scripts({}, "/opt/edgetune", {}, out, false, false);
  ASSERT_EQ(scripts.files.size(), 2u);
  EXPECT_EQ(read(scripts.files[0]).find("--models"), std::string::npos);
}

// A fake sbatch records its arguments and answers job ids; the argument
// with shell syntax in it reaches the shard's command line as one word.
TEST(SlurmScriptsTest, SubmitRunsSbatchInOrderAndArgumentsStayWords) {
  const std::string out = fresh_dir("submit");
  const std::string bin = fake_slurm(out, 0);
  const std::string tricky = "a b;$(touch " + out + "/injected)`x`'q'";
  const auto scripts = experiments::write_slurm_scripts({}, "/opt/edgetune", {"--surfaces", tricky},
                                                        out + "/sweep", true, false);
  const std::string old_path = std::getenv("PATH");
  ::setenv("PATH", (bin + ":" + old_path).c_str(), 1);
  const std::string report = experiments::submit_slurm_scripts(scripts);
  ::setenv("PATH", old_path.c_str(), 1);
  EXPECT_EQ(report, "train 101 shards 102 merge 103");
  EXPECT_NE(read(out + "/sbatch.log").find("--dependency=afterok:102"), std::string::npos);
  EXPECT_FALSE(fs::exists(out + "/injected"));
  // The shard script, run by bash with a stub edgetune, passes the word whole.
  const std::string shards = read(scripts.files[1]);
  const std::string echo_args = out + "/echo-args";
  {
    std::ofstream stub(echo_args);
    stub << "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n";
  }
  fs::permissions(echo_args, fs::perms::owner_all);
  std::string script = shards;
  script.replace(script.find("/opt/edgetune"), 13, echo_args);
  std::ofstream(out + "/run.sh") << script;
  ASSERT_EQ(shell("SLURM_ARRAY_TASK_ID=0 bash '" + out + "/run.sh' > '" + out + "/args'"), 0);
  EXPECT_NE(read(out + "/args").find("\n" + tricky + "\n"), std::string::npos)
      << read(out + "/args");
  EXPECT_FALSE(fs::exists(out + "/injected"));
}

TEST(SlurmScriptsTest, RefusesBadOptionsBeforeWritingAnything) {
  const std::string out = fresh_dir("bad");
  const auto refused = [&](experiments::SlurmOptions options) {
    EXPECT_THROW(
        experiments::write_slurm_scripts(options, "/opt/edgetune", {}, out + "/s", false, false),
        core::InputError);
    EXPECT_FALSE(fs::exists(out + "/s"));
  };
  experiments::SlurmOptions o;
  o.tasks = 0;
  refused(o);
  o = {};
  o.cpus_per_task = 0;
  refused(o);
  for (const char* bad :
       {"1:00", "00:60:00", "00:00:00", "1h", "01:00:00x", " 1:00:00", "\n1:00:00"}) {
    o = {};
    o.time_limit = bad;
    refused(o);
  }
}

// What goes into job scripts, from a hostile or unlucky user: a line break
// in --out, the working directory or --partition became a command; '%' in a
// path was expanded by Slurm in --output; a backslash reads differently to
// sbatch and to bash.
TEST(SlurmScriptsTest, NothingAUserTypesBecomesACommandOrADirective) {
  const std::string base = fresh_dir("inject");
  const auto refused = [&](experiments::SlurmOptions options, const std::string& out,
                           const std::string& expected) {
    try {
      experiments::write_slurm_scripts(options, "/opt/edgetune", {}, out, false, false);
      ADD_FAILURE() << "accepted: " << out;
    } catch (const core::InputError& e) {
      const std::string message = e.what();
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
      EXPECT_NE(message.find(expected), std::string::npos) << message;
    }
  };
  refused({}, base + "/a\ntouch " + base + "/injected\n", "holds a line break or backslash");
  refused({}, base + "/a\\b", "holds a line break or backslash");
  experiments::SlurmOptions o;
  o.partition = "short\n#SBATCH --wrap=x";
  refused(o, base + "/p", "--partition 'short\\x0a#SBATCH --wrap=x': expected a partition name");
  o.partition = "a b";
  refused(o, base + "/p", "expected a partition name");
  o = {};
  o.time_limit = "01:00:00\nx";
  refused(o, base + "/t", "--time '01:00:00\\x0ax': expected HH:MM:SS");
  EXPECT_FALSE(fs::exists(base + "/injected"));

  // Quotes, spaces, $ and % in a path: every script parses, and every
  // #SBATCH line, read as sbatch reads it, is one option with the intended
  // value (--output with the path's % doubled, Slurm's literal %).
  const std::string odd = base + "/it's a $HOME 100% #1";
  o = {};
  o.partition = "gpu,cpu";
  const auto scripts =
      experiments::write_slurm_scripts(o, "/opt/edgetune", {"--surfaces", odd}, odd, true, false);
  for (const std::string& file : scripts.files) {
    EXPECT_EQ(shell("bash -n " + experiments::shell_quote(file)), 0) << read(file);
    std::istringstream lines(read(file));
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("#SBATCH ", 0) != 0) continue;
      const std::vector<std::string> words = sbatch_words(line.substr(8));
      ASSERT_EQ(words.size(), 1u) << line;
      if (words[0].rfind("--output=", 0) == 0) {
        EXPECT_EQ(words[0].substr(9, odd.size() + 1), base + "/it's a $HOME 100%% #1") << line;
      }
    }
  }
  const std::string shards = read(scripts.files[1]);
  EXPECT_NE(shards.find("#SBATCH --partition=gpu,cpu\n"), std::string::npos) << shards;
}

// submit.sh cancels what it queued when a later sbatch fails: the queued
// jobs would otherwise wait on a dependency that never comes.
TEST(SlurmScriptsTest, AFailedSbatchCancelsTheJobsAlreadyQueued) {
  const std::string out = fresh_dir("cancel");
  const std::string bin = fake_slurm(out, 3);
  const auto scripts =
      experiments::write_slurm_scripts({}, "/opt/edgetune", {}, out + "/sweep", true, false);
  const std::string old_path = std::getenv("PATH");
  ::setenv("PATH", (bin + ":" + old_path).c_str(), 1);
  try {
    experiments::submit_slurm_scripts(scripts);
    ADD_FAILURE() << "a refused sbatch went unreported";
  } catch (const core::InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("QOSMaxSubmitJobPerUserLimit"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
  ::setenv("PATH", old_path.c_str(), 1);
  EXPECT_EQ(read(out + "/scancel.log"), "101 102\n");
}

TEST(SlurmScriptsTest, ShellQuoteRoundTripsThroughTheShell) {
  for (const std::string& text :
       {std::string("plain/path.h5"), std::string("with space"), std::string("it's"),
        std::string("$(rm -rf x)"), std::string("`x`"), std::string(""), std::string("a\"b")}) {
    const std::string quoted = experiments::shell_quote(text);
    std::string got;
    FILE* pipe = ::popen(("printf '%s' " + quoted).c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    char buffer[256];
    while (std::fgets(buffer, sizeof buffer, pipe)) got += buffer;
    ::pclose(pipe);
    EXPECT_EQ(got, text) << quoted;
  }
}

}  // namespace
