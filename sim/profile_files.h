// Where device and model profiles (JSON data files) are found, and the
// checked accessors used to read them with errors naming file and field.
#ifndef EDGETUNE_SIM_PROFILE_FILES_H_
#define EDGETUNE_SIM_PROFILE_FILES_H_

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace sim {

// Profile roots in search order: each directory of the colon-separated
// EDGETUNE_PROFILE_PATH, then <source>/sim/profiles. Each root holds
// devices/*.json and models/*.json.
std::vector<std::string> profile_roots();

// All profile files of `kind` ("devices" or "models") over every root,
// sorted by file name within each root.
std::vector<std::string> profile_files(const std::string& kind);

// Resolves a profile given as a path to a .json file or as an id (the
// file's "id" field). Throws core::InputError listing the known ids.
std::string resolve_profile(const std::string& kind, const std::string& id_or_path);

// Parses a JSON file; throws core::InputError naming it on failure.
nlohmann::json read_json_file(const std::string& path);

// Field accessors that throw core::InputError "<file>: field '<name>': <rule>".
double number_field(const nlohmann::json& j, const std::string& name, const std::string& file);
std::string string_field(const nlohmann::json& j, const std::string& name, const std::string& file);
// A non-empty, strictly increasing array of numbers.
std::vector<double> increasing_field(const nlohmann::json& j, const std::string& name,
                                     const std::string& file);

}  // namespace sim

#endif  // EDGETUNE_SIM_PROFILE_FILES_H_
