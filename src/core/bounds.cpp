#include "core/bounds.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace oncoshare::core {

namespace {

// Integers print without an exponent; other numbers in their shortest form.
std::string number_text(long double value) {
  if (std::floor(value) == value && std::fabs(value) <= 18446744073709551615.0L) {
    return value < 0 ? fmt::format("{}", static_cast<std::int64_t>(value))
                     : fmt::format("{}", static_cast<std::uint64_t>(value));
  }
  return fmt::format("{}", static_cast<double>(value));
}

constexpr std::size_t kMaxShown = 40;  // a hostile value is named, not echoed whole

std::string shown(std::string_view text) {
  if (text.size() <= kMaxShown) return fmt::format("'{}'", text);
  return fmt::format("'{}...'", text.substr(0, kMaxShown));
}

// Whole-number text read exactly: optional sign, then digits only. Too many digits for
// 64 bits still reads as a (huge, finite) number, so it is refused as out of range.
std::optional<long double> parse_whole(std::string_view text) {
  std::string_view digits = text;
  const bool negative = !digits.empty() && digits.front() == '-';
  if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) digits.remove_prefix(1);
  if (digits.empty()) return std::nullopt;
  std::uint64_t magnitude = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), magnitude);
  if (end != digits.data() + digits.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) return std::strtold(std::string(text).c_str(), nullptr);
  if (ec != std::errc{}) return std::nullopt;
  const auto value = static_cast<long double>(magnitude);
  return negative ? -value : value;
}

std::optional<long double> parse_real(std::string_view text) {
  const std::string copy(text);
  if (copy.empty() || std::isspace(static_cast<unsigned char>(copy.front())) != 0) return std::nullopt;
  char* end = nullptr;
  const long double value = std::strtold(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  return value;
}

// `shown` is how the value is written back: as typed for text, else number_text().
std::optional<std::string> problem(long double value, std::string_view shown, const Bounds& bounds) {
  if (!std::isfinite(value)) return fmt::format("{} is not a finite number (allowed range {})", shown, bounds.text());
  if (bounds.whole && std::floor(value) != value) {
    return fmt::format("{} is not a whole number (allowed range {})", shown, bounds.text());
  }
  if (value < bounds.min || value > bounds.max) return fmt::format("{} is outside the allowed range {}", shown, bounds.text());
  return std::nullopt;
}

}  // namespace

std::string Bounds::text() const { return fmt::format("[{}, {}]", number_text(min), number_text(max)); }

std::optional<std::string> range_problem(long double value, const Bounds& bounds) {
  return problem(value, std::isfinite(value) ? number_text(value) : fmt::format("{}", static_cast<double>(value)), bounds);
}

std::optional<std::string> number_text_problem(std::string_view text, const Bounds& bounds) {
  const std::string typed = text.size() <= kMaxShown ? std::string(text) : fmt::format("{}...", text.substr(0, kMaxShown));
  if (bounds.whole) {
    if (auto value = parse_whole(text)) return problem(*value, typed, bounds);
    if (parse_real(text)) return fmt::format("{} is not a whole number (allowed range {})", shown(text), bounds.text());
  } else if (auto value = parse_real(text)) {
    return problem(*value, typed, bounds);
  }
  return fmt::format("{} is not a number (allowed range {})", shown(text), bounds.text());
}

std::optional<std::string> absolute_uri_problem(std::string_view text) {
  auto scheme_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-' || c == '.';
  };
  const std::size_t colon = text.find(':');
  bool valid = colon != std::string_view::npos && colon > 0 && colon + 1 < text.size() &&
               std::isalpha(static_cast<unsigned char>(text.front())) != 0;
  for (std::size_t i = 0; valid && i < colon; ++i) valid = scheme_char(text[i]);
  for (std::size_t i = colon + 1; valid && i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    // Printable ASCII that RFC 3986 allows somewhere in a URI (no space, quotes, <>\^`{|}).
    valid = c > 0x20 && c < 0x7f && std::string_view("\"<>\\^`{|}").find(static_cast<char>(c)) == std::string_view::npos;
  }
  if (valid) return std::nullopt;
  return fmt::format("{} is not an absolute URI (scheme:rest, e.g. urn:oid:1.2.3 or https://example.org/ids; "
                     "no spaces or quotes)", shown(text));
}

}  // namespace oncoshare::core
