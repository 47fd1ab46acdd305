// Text from users and files, made fit for a one-line message: every error
// edgetune prints is one line a terminal shows as it is (core/errors.h).
#ifndef EDGETUNE_CORE_TEXT_H_
#define EDGETUNE_CORE_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace core {

// C0 controls and DEL: what may not reach a one-line message or a terminal.
inline bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

// `text` with every control byte (a line break, an escape sequence) as \xNN.
std::string one_line(std::string_view text);

// one_line(text), cut to `max_bytes` with "..." when longer: for quoting a
// name or a value a user or a file gave inside a message.
std::string printable(std::string_view text, std::size_t max_bytes = 80);

// Whether `text` is well-formed UTF-8 (no overlong forms or surrogates).
bool valid_utf8(std::string_view text);

}  // namespace core

#endif  // EDGETUNE_CORE_TEXT_H_
