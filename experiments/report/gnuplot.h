// Rendering a figure with gnuplot: the script and its data are kept beside
// the PNG and SVG it draws, so a figure can be restyled by hand.
#ifndef EDGETUNE_EXPERIMENTS_REPORT_GNUPLOT_H_
#define EDGETUNE_EXPERIMENTS_REPORT_GNUPLOT_H_

#include <string>
#include <vector>

namespace experiments {

// True when `gnuplot` runs.
bool gnuplot_available();
// The one-line hint printed when it does not.
const char* gnuplot_install_hint();

// `text` as a gnuplot string literal (single quotes doubled).
std::string gp_string(const std::string& text);

// <name>.gp in `dir`: `body` (the plot commands) rendered to <name>.png,
// then <name>.svg. Returns the image paths; throws core::InputError naming
// the log when gnuplot fails.
std::vector<std::string> render(const std::string& dir, const std::string& name,
                                const std::string& body);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_REPORT_GNUPLOT_H_
