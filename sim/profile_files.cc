#include "sim/profile_files.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/errors.h"

namespace sim {
namespace fs = std::filesystem;

std::vector<std::string> profile_roots() {
  std::vector<std::string> roots;
  if (const char* env = std::getenv("EDGETUNE_PROFILE_PATH")) {
    std::stringstream list(env);
    for (std::string dir; std::getline(list, dir, ':');) {
      if (!dir.empty()) roots.push_back(dir);
    }
  }
  roots.push_back(std::string(EDGETUNE_SOURCE_DIR) + "/sim/profiles");
  return roots;
}

std::vector<std::string> profile_files(const std::string& kind) {
  std::vector<std::string> files;
  for (const std::string& root : profile_roots()) {
    std::vector<std::string> here;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(fs::path(root) / kind, error)) {
      if (entry.path().extension() == ".json") here.push_back(entry.path().string());
    }
    std::sort(here.begin(), here.end());
    files.insert(files.end(), here.begin(), here.end());
  }
  return files;
}

nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw core::InputError(path + ": cannot open; check the path");
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw core::InputError(path + ": not valid JSON (" + std::string(e.what()) + ")");
  }
}

std::string resolve_profile(const std::string& kind, const std::string& id_or_path) {
  if (id_or_path.find('/') != std::string::npos ||
      (id_or_path.size() > 5 && id_or_path.substr(id_or_path.size() - 5) == ".json")) {
    if (!fs::is_regular_file(id_or_path)) {
      throw core::InputError(id_or_path + ": no such profile file; check the path");
    }
    return id_or_path;
  }
  std::string known;
  for (const std::string& file : profile_files(kind)) {
    const nlohmann::json j = read_json_file(file);
    const std::string id = j.value("id", "");
    if (id == id_or_path) return file;
    known += (known.empty() ? "" : ", ") + id;
  }
  const std::string singular = kind == "devices" ? "device" : "model";
  throw core::InputError("unknown " + singular + " profile '" + id_or_path + "'; known: " + known +
                         " (or give a path to a .json profile)");
}

double number_field(const nlohmann::json& j, const std::string& name, const std::string& file) {
  if (!j.contains(name)) throw core::InputError(file + ": field '" + name + "': missing");
  if (!j.at(name).is_number())
    throw core::InputError(file + ": field '" + name + "': must be a number");
  return j.at(name).get<double>();
}

std::string string_field(const nlohmann::json& j, const std::string& name,
                         const std::string& file) {
  if (!j.contains(name)) throw core::InputError(file + ": field '" + name + "': missing");
  if (!j.at(name).is_string())
    throw core::InputError(file + ": field '" + name + "': must be a string");
  return j.at(name).get<std::string>();
}

std::vector<double> increasing_field(const nlohmann::json& j, const std::string& name,
                                     const std::string& file) {
  if (!j.contains(name)) throw core::InputError(file + ": field '" + name + "': missing");
  const nlohmann::json& array = j.at(name);
  if (!array.is_array() || array.empty()) {
    throw core::InputError(file + ": field '" + name + "': must be a non-empty array of numbers");
  }
  std::vector<double> values;
  for (const nlohmann::json& v : array) {
    if (!v.is_number())
      throw core::InputError(file + ": field '" + name + "': must hold numbers only");
    values.push_back(v.get<double>());
    if (values.size() > 1 && !(values.back() > values[values.size() - 2])) {
      throw core::InputError(file + ": field '" + name + "': values not strictly increasing");
    }
  }
  return values;
}

}  // namespace sim
