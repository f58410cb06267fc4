#include "core/error.hpp"

#include <fmt/format.h>

namespace oncoshare::core {

std::string Error::to_string() const {
  std::string out;
  if (!where.file.empty()) {
    out += where.file;
    if (where.line > 0) out += fmt::format(":{}", where.line);
    if (where.column > 0) out += fmt::format(":{}", where.column);
    out += ": ";
  } else if (where.line > 0) {
    out += fmt::format("line {}", where.line);
    if (where.column > 0) out += fmt::format(", column {}", where.column);
    out += ": ";
  } else if (where.column > 0) {
    out += fmt::format("column {}: ", where.column);
  }
  if (!where.field.empty()) out += fmt::format("field '{}': ", where.field);
  out += message;
  return out;
}

Error bad_input(std::string message, Location where) {
  return Error{ErrorCode::bad_input, std::move(message), std::move(where)};
}

Error io_error(std::string message, Location where) {
  return Error{ErrorCode::io, std::move(message), std::move(where)};
}

int exit_code(const Error& error) {
  switch (error.code) {
    case ErrorCode::check_failed: return 1;
    case ErrorCode::bad_input:
    case ErrorCode::io: return 2;
    case ErrorCode::internal: return 3;
  }
  return 3;
}

}  // namespace oncoshare::core
