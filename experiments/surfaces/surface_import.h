// Recorded measurements to a performance surface, and back: long-format
// tables (one row per reading: knob columns and metric columns) such as a
// profiling script or tegrastats post-processing writes.
//
// The grid is, per knob, the sorted distinct values read, and a grid point
// never measured is NaN; or, for a sampled recording, the board's grid
// (import_grid.h), with /measured saying which points were measured. Readings of one configuration
// are pooled in file order: /metrics holds their median. When every measured configuration was read
// the same number of times R >= 2, /repeats holds the R readings in file order and /metrics_std
// their sample standard deviation; with uneven counts neither is written (a NaN repeat or spread at
// a measured point is not a measurement, surface-format rules). Provenance: recorded.
#ifndef EDGETUNE_EXPERIMENTS_SURFACES_SURFACE_IMPORT_H_
#define EDGETUNE_EXPERIMENTS_SURFACES_SURFACE_IMPORT_H_

#include <map>
#include <string>
#include <vector>

#include "traces/surface.h"

namespace experiments {

// A knob or metric of the surface and the table column it comes from.
struct ColumnMapping {
  std::string name;    // e.g. "gpu_freq"
  std::string column;  // header of the CSV column, e.g. "freq"
  std::string unit;    // e.g. "MHz"
};

struct ImportSpec {
  std::vector<std::string> csv_files;
  std::vector<ColumnMapping> knobs;     // in axis order
  std::vector<ColumnMapping> metrics;   // throughput and power at least
  std::map<std::string, double> scale;  // column -> factor applied to its values
  std::string device;
  std::string model;
  std::string description;
  // A sampled recording (import_grid.h): the grid from the device profile
  // whose id is `device`, and/or per knob from --levels; every reading must
  // lie on it, and the surface records which points were measured.
  bool device_grid = false;
  std::map<std::string, std::vector<double>> levels;
  bool given_grid() const { return device_grid || !levels.empty(); }
};

// Sets metric `name` of `surface` from readings[i], the readings of grid
// point i in the order taken: the median in /metrics (NaN where there is
// none), and, when every point read was read the same number of times R >= 2
// and every reading is finite, the R readings in /repeats and their sample
// standard deviation in /metrics_std. What import and live --record share.
void pool_readings(traces::Surface& surface, const std::string& name, const std::string& unit,
                   const std::vector<std::vector<double>>& readings);

// Parses "NAME=COLUMN:UNIT" (the --knob and --metric flags). Throws
// core::InputError naming the flag and the expected form.
ColumnMapping parse_column_mapping(const std::string& flag, const std::string& text);

// Reads the tables and builds the surface (validated). Throws
// core::InputError with one line naming the file, the row and the column of
// a missing column, a field that is not a number, an empty file, or a knob
// value that is not a finite number.
traces::Surface import_surface(const ImportSpec& spec);

// One row per reading: the knob columns (named after the knobs) and every
// metric that /repeats holds (every reading), else every metric at every
// measured point. import_surface of this table with the same names gives
// back a surface with the same grid and values when every knob level has a
// measured point.
void export_surface_csv(const traces::Surface& surface, const std::string& path);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_SURFACES_SURFACE_IMPORT_H_
