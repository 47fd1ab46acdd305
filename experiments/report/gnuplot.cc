#include "experiments/report/gnuplot.h"

#include <cstdlib>
#include <filesystem>

#include "core/errors.h"
#include "experiments/tables/text_file.h"

namespace experiments {
namespace {

// `text` as one single-quoted shell word.
std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

}  // namespace

std::string gp_string(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("''") : std::string(1, c);
  return quoted + "'";
}

std::vector<std::string> render(const std::string& dir, const std::string& name,
                                const std::string& body) {
  const std::string script =
      "set terminal pngcairo size 1000,650 noenhanced font ',11'\n"
      "set output " +
      gp_string(name + ".png") + "\n" + body +
      "set terminal svg size 1000,650 noenhanced font 'sans,11'\n"
      "set output " +
      gp_string(name + ".svg") + "\nreplot\nunset output\n";
  write_text_atomically(dir + "/" + name + ".gp", script);
  const std::string command = "cd " + shell_quote(dir) + " && gnuplot " +
                              shell_quote(name + ".gp") + " >" + shell_quote(name + ".log") +
                              " 2>&1";
  if (std::system(command.c_str()) != 0) {
    throw core::InputError(dir + "/" + name + ".gp: gnuplot failed; see " + dir + "/" + name +
                           ".log");
  }
  std::error_code ignored;
  std::filesystem::remove(dir + "/" + name + ".log", ignored);
  return {dir + "/" + name + ".png", dir + "/" + name + ".svg"};
}

bool gnuplot_available() { return std::system("gnuplot --version >/dev/null 2>&1") == 0; }

const char* gnuplot_install_hint() {
  return "gnuplot not found: plots skipped (tables written); install it with `sudo apt-get "
         "install gnuplot-nox` and rerun `edgetune report`";
}

}  // namespace experiments
