// JSON as text for every file and stream the tool writes: text that is not
// UTF-8 (a file name, a device id a user gave) becomes U+FFFD instead of an
// exception that would lose the whole object.
#ifndef EDGETUNE_EXPERIMENTS_TABLES_JSON_TEXT_H_
#define EDGETUNE_EXPERIMENTS_TABLES_JSON_TEXT_H_

#include <nlohmann/json.hpp>
#include <string>

namespace experiments {

// `value` serialised; `indent` < 0 gives one line.
inline std::string json_text(const nlohmann::json& value, int indent = -1) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_TABLES_JSON_TEXT_H_
