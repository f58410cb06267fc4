// Expected failures as values: one Error type carrying what went wrong and where.
#pragma once

#include <cstdint>
#include <string>

namespace oncoshare::core {

// What kind of failure; maps onto the CLI's exit codes (see exit_code()).
enum class ErrorCode : std::uint8_t {
  bad_input,      // malformed file, value or argument supplied by the user (exit 2)
  io,             // the operating system refused a read or write (exit 2)
  check_failed,   // the input is well-formed but fails a requested check (exit 1)
  internal,       // a bug: should never happen (exit 3)
};

// Where in an input the fault is. Zero / empty members are "unknown" and not printed.
struct Location {
  std::string file;
  std::uint64_t line = 0;    // 1-based physical line
  std::uint64_t column = 0;  // 1-based column (bytes for CSV, characters for logic)
  std::string field;         // CSV column or dictionary variable name
};

struct Error {
  ErrorCode code = ErrorCode::bad_input;
  std::string message;
  Location where;

  // One line: "file:line:column: field 'x': message".
  [[nodiscard]] std::string to_string() const;
};

[[nodiscard]] Error bad_input(std::string message, Location where = {});
[[nodiscard]] Error io_error(std::string message, Location where = {});

// Process exit code for an error: 1 for a failed check, 2 for bad input or I/O, 3 for bugs.
[[nodiscard]] int exit_code(const Error& error);

}  // namespace oncoshare::core
