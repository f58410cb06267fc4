// Allowed ranges for numbers a user gives (command-line options, configuration keys) and the
// shape of URIs: one check, so every refusal states the range or form the same way.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace oncoshare::core {

// An inclusive range. `whole` admits integers only. Bounds up to 2^64 are exact (long double).
struct Bounds {
  long double min = 0;
  long double max = 0;
  bool whole = false;

  // "[1, 100]": how help texts and errors state the range.
  [[nodiscard]] std::string text() const;
};

[[nodiscard]] constexpr Bounds whole_numbers(long double min, long double max) { return {min, max, true}; }
[[nodiscard]] constexpr Bounds real_numbers(long double min, long double max) { return {min, max, false}; }

// Nullopt when `value` is finite, within `bounds` and (if whole) an integer; otherwise why
// not, e.g. "-5 is outside the allowed range [1, 100]" or "nan is not a finite number
// (allowed range [0, 100])". The caller prefixes the option or key.
[[nodiscard]] std::optional<std::string> range_problem(long double value, const Bounds& bounds);

// The same for number text as typed: also refuses text that is not a number. Integers are
// read exactly, so "-5" is never wrapped into a large unsigned value.
[[nodiscard]] std::optional<std::string> number_text_problem(std::string_view text, const Bounds& bounds);

// Nullopt for an absolute URI (RFC 3986 `scheme ":" rest`, e.g. "urn:oid:1.2.3" or
// "https://example.org/ids") with no spaces, quotes, control or other characters a URI
// cannot hold; otherwise why not.
[[nodiscard]] std::optional<std::string> absolute_uri_problem(std::string_view text);

}  // namespace oncoshare::core
