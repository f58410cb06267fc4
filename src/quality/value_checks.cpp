#include "quality/value_checks.hpp"

#include <cctype>
#include <fmt/format.h>

#include "core/civil_date.hpp"
#include "dictionary/logic/value.hpp"
#include "dictionary/validation.hpp"

namespace oncoshare::quality {

using dictionary::ValidationKind;

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }
bool alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// `value` matches `pattern`, where '9' is a digit, 'A' a letter, and other characters
// stand for themselves.
bool shaped(std::string_view value, std::string_view pattern) {
  if (value.size() != pattern.size()) return false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char p = pattern[i];
    if (p == '9' ? !digit(value[i]) : p == 'A' ? !alpha(value[i]) : value[i] != p) return false;
  }
  return true;
}

std::size_t digits(std::string_view s, std::size_t i) {
  std::size_t j = i;
  while (j < s.size() && digit(s[j])) ++j;
  return j - i;
}

int two(std::string_view s, std::size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); }

// [-+]?digits(sep digits)?; `exact` decimals when set; leading-separator forms (".34")
// only when `decimals` is not set (plain number).
std::optional<std::string> check_decimal(std::string_view v, char sep, std::optional<int> decimals,
                                         bool allow_exponent) {
  std::size_t i = 0;
  if (i < v.size() && (v[i] == '-' || v[i] == '+')) ++i;
  const std::size_t whole = digits(v, i);
  i += whole;
  std::size_t frac = 0;
  bool has_sep = false;
  if (i < v.size() && v[i] == sep) {
    has_sep = true;
    ++i;
    frac = digits(v, i);
    i += frac;
  }
  if (allow_exponent && i < v.size() && (v[i] == 'e' || v[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < v.size() && (v[j] == '-' || v[j] == '+')) ++j;
    const std::size_t exp = digits(v, j);
    if (exp > 0) i = j + exp;
  }
  const std::string_view what = sep == ',' ? "a number with a decimal comma" : "a number";
  if (i != v.size() || (whole == 0 && frac == 0) || (has_sep && frac == 0)) {
    return fmt::format("not {}", what);
  }
  if (decimals) {
    if (whole == 0) return fmt::format("not {}", what);
    if (static_cast<int>(frac) != *decimals) {
      return fmt::format("needs exactly {} decimal place{}", *decimals, *decimals == 1 ? "" : "s");
    }
  }
  return std::nullopt;
}

std::optional<std::string> check_date(std::string_view v, std::string_view shape, std::string_view name) {
  if (!shaped(v, shape)) return fmt::format("not {} ({})", name, shape == "9999-99-99" ? "YYYY-MM-DD" :
                                            shape == "9999-99-99 99:99" ? "YYYY-MM-DD HH:MM" :
                                                                          "YYYY-MM-DD HH:MM:SS");
  if (!core::parse_iso_date(v.substr(0, 10))) return std::string("not a real date");
  if (!core::parse_iso_datetime(v)) return std::string("not a real time");
  return std::nullopt;
}

std::optional<std::string> check_time(std::string_view v, std::string_view shape, bool hours) {
  if (!shaped(v, shape)) return fmt::format("not a time ({})", hours ? (shape.size() == 5 ? "HH:MM" : "HH:MM:SS") : "MM:SS");
  if (hours && two(v, 0) > 23) return std::string("not a real time");
  for (std::size_t at = 3; at < v.size(); at += 3) {
    if (two(v, at) > 59) return std::string("not a real time");
  }
  if (!hours && two(v, 0) > 59) return std::string("not a real time");
  return std::nullopt;
}

bool email(std::string_view v) {
  const std::size_t at = v.find('@');
  if (at == 0 || at == std::string_view::npos || v.find('@', at + 1) != std::string_view::npos) return false;
  const std::string_view domain = v.substr(at + 1);
  const std::size_t dot = domain.rfind('.');
  if (dot == 0 || dot == std::string_view::npos || domain.size() - dot < 3) return false;
  for (char c : v) {
    if (std::isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// North American numbers as REDCap's "phone": 10 digits, area code and exchange not
// starting with 0 or 1, separators ( ) - . and spaces.
bool phone(std::string_view v) {
  std::string d;
  for (char c : v) {
    if (digit(c)) d += c;
    else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') return false;
  }
  return d.size() == 10 && d[0] >= '2' && d[3] >= '2';
}

bool all_digits(std::string_view v, std::size_t n) { return v.size() == n && digits(v, 0) == n; }

}  // namespace

bool has_datatype_check(ValidationKind kind) {
  switch (kind) {
    case ValidationKind::none: case ValidationKind::other: case ValidationKind::mrn_generic:
    case ValidationKind::vmrn: case ValidationKind::signature: case ValidationKind::slider_number:
    case ValidationKind::phone_france: case ValidationKind::phone_uk: case ValidationKind::postalcode_uk:
    case ValidationKind::autocomplete:
      return false;
    default:
      return true;
  }
}

std::optional<std::string> check_datatype(const dictionary::Validation& validation, std::string_view v) {
  switch (validation.kind) {
    case ValidationKind::date_ymd: case ValidationKind::date_mdy: case ValidationKind::date_dmy:
      return check_date(v, "9999-99-99", "a date");
    case ValidationKind::datetime_ymd: case ValidationKind::datetime_mdy: case ValidationKind::datetime_dmy:
      return check_date(v, "9999-99-99 99:99", "a datetime");
    case ValidationKind::datetime_seconds_ymd: case ValidationKind::datetime_seconds_mdy:
    case ValidationKind::datetime_seconds_dmy:
      return check_date(v, "9999-99-99 99:99:99", "a datetime");
    case ValidationKind::time_hh_mm: return check_time(v, "99:99", true);
    case ValidationKind::time_hh_mm_ss: return check_time(v, "99:99:99", true);
    case ValidationKind::time_mm_ss: return check_time(v, "99:99", false);
    case ValidationKind::integer: {
      const std::size_t sign = (!v.empty() && (v[0] == '-' || v[0] == '+')) ? 1 : 0;
      if (v.size() > sign && digits(v, sign) == v.size() - sign) return std::nullopt;
      return std::string("not an integer");
    }
    case ValidationKind::number: return check_decimal(v, '.', validation.decimals, !validation.decimals);
    case ValidationKind::number_comma_decimal: return check_decimal(v, ',', validation.decimals, false);
    case ValidationKind::alpha_only:
      for (char c : v) {
        if (!alpha(c)) return std::string("not letters only");
      }
      return std::nullopt;
    case ValidationKind::email:
      return email(v) ? std::nullopt : std::optional<std::string>("not an email address");
    case ValidationKind::phone:
      return phone(v) ? std::nullopt : std::optional<std::string>("not a phone number");
    case ValidationKind::phone_australia: {
      std::string d;
      for (char c : v) {
        if (digit(c)) d += c;
        else if (c != ' ' && c != '(' && c != ')' && c != '-') return std::string("not an Australian phone number");
      }
      return d.size() == 10 && d[0] == '0' ? std::nullopt
                                           : std::optional<std::string>("not an Australian phone number");
    }
    case ValidationKind::zipcode:
      return shaped(v, "99999") || shaped(v, "99999-9999") ? std::nullopt
                                                           : std::optional<std::string>("not a US zipcode");
    case ValidationKind::postalcode_australia:
      return all_digits(v, 4) ? std::nullopt : std::optional<std::string>("not an Australian postcode");
    case ValidationKind::postalcode_french:
    case ValidationKind::postalcode_germany:
      return all_digits(v, 5) ? std::nullopt : std::optional<std::string>("not a 5-digit postcode");
    case ValidationKind::postalcode_canada:
      return shaped(v, "A9A 9A9") || shaped(v, "A9A9A9") ? std::nullopt
                                                         : std::optional<std::string>("not a Canadian postal code");
    case ValidationKind::ssn:
      return shaped(v, "999-99-9999") ? std::nullopt : std::optional<std::string>("not a social security number");
    case ValidationKind::mrn_10d:
      return all_digits(v, 10) ? std::nullopt : std::optional<std::string>("not a 10-digit MRN");
    default:
      return std::nullopt;
  }
}

std::optional<double> comparable(const dictionary::Validation& validation, std::string_view value,
                                 std::string_view today) {
  namespace logic = dictionary::logic;
  using dictionary::BoundKind;
  const BoundKind kind = dictionary::bound_kind(validation.kind);
  if (value == "today" || value == "now") {
    if (today.empty()) return std::nullopt;
    value = today;
  }
  switch (kind) {
    case BoundKind::none: return std::nullopt;
    case BoundKind::integer: case BoundKind::number: {
      if (validation.kind != ValidationKind::number_comma_decimal) return logic::parse_number(value);
      std::string text(value);
      for (char& c : text) c = c == ',' ? '.' : c;
      return logic::parse_number(text);
    }
    case BoundKind::date: case BoundKind::datetime: case BoundKind::datetime_seconds: {
      const auto when = core::parse_iso_datetime(value);
      if (!when) return std::nullopt;
      return static_cast<double>(core::epoch_seconds(*when));
    }
    default: {  // times: seconds (or minutes:seconds) since midnight
      double total = 0;
      std::size_t i = 0;
      while (i < value.size()) {
        const std::size_t n = digits(value, i);
        if (n == 0) return std::nullopt;
        total = total * 60 + std::stod(std::string(value.substr(i, n)));
        i += n;
        if (i < value.size() && value[i] != ':') return std::nullopt;
        if (i < value.size()) ++i;
      }
      return total;
    }
  }
}

namespace {

// A bound as a number to compare values with; dictionaries may write date bounds as
// "1/31/19", so the bound is put in REDCap's stored form first.
std::optional<double> bound_value(const dictionary::Validation& validation, std::string_view bound,
                                  std::string_view today) {
  const std::optional<std::string> canonical = dictionary::canonical_bound(validation, bound);
  if (!canonical) return std::nullopt;
  return comparable(validation, *canonical, today);
}

}  // namespace

RangeBounds range_bounds(const dictionary::Validation& validation, std::string_view today) {
  RangeBounds bounds;
  if (!validation.min.empty()) bounds.min = bound_value(validation, validation.min, today);
  if (!validation.max.empty()) bounds.max = bound_value(validation, validation.max, today);
  return bounds;
}

std::optional<std::string> check_range(const dictionary::Validation& validation, double value,
                                       const RangeBounds& bounds) {
  if (bounds.min && value < *bounds.min) return fmt::format("below min {}", validation.min);
  if (bounds.max && value > *bounds.max) return fmt::format("above max {}", validation.max);
  return std::nullopt;
}

std::optional<std::string> check_range(const dictionary::Validation& validation, std::string_view value,
                                       std::string_view today) {
  const std::optional<double> v = comparable(validation, value, today);
  if (!v) return std::nullopt;
  return check_range(validation, *v, range_bounds(validation, today));
}

std::size_t code_points(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace oncoshare::quality
