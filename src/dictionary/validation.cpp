#include "dictionary/validation.hpp"

#include <array>
#include <charconv>
#include <cstdlib>
#include <utility>

#include <fmt/format.h>

#include "dictionary/detail/temporal_bound.hpp"

namespace oncoshare::dictionary {

namespace {

using K = ValidationKind;

// Types REDCap ships whose names map one-to-one (number_Ndp variants are parsed apart):
// the rows of REDCap's redcap_validation_types table up to version 15 (phone_uk since
// 12.3.2, postalcode_uk and phone_france later), plus "autocomplete", which REDCap writes
// in this column for a dropdown with search-as-you-type.
constexpr std::array<std::pair<K, std::string_view>, 35> kNames{{
    {K::date_ymd, "date_ymd"}, {K::date_mdy, "date_mdy"}, {K::date_dmy, "date_dmy"},
    {K::datetime_ymd, "datetime_ymd"}, {K::datetime_mdy, "datetime_mdy"},
    {K::datetime_dmy, "datetime_dmy"}, {K::datetime_seconds_ymd, "datetime_seconds_ymd"},
    {K::datetime_seconds_mdy, "datetime_seconds_mdy"},
    {K::datetime_seconds_dmy, "datetime_seconds_dmy"}, {K::time_hh_mm, "time"},
    {K::time_hh_mm_ss, "time_hh_mm_ss"}, {K::time_mm_ss, "time_mm_ss"},
    {K::integer, "integer"}, {K::number, "number"},
    {K::number_comma_decimal, "number_comma_decimal"}, {K::alpha_only, "alpha_only"},
    {K::email, "email"}, {K::phone, "phone"}, {K::phone_australia, "phone_australia"},
    {K::phone_france, "phone_france"}, {K::phone_uk, "phone_uk"},
    {K::zipcode, "zipcode"}, {K::postalcode_australia, "postalcode_australia"},
    {K::postalcode_canada, "postalcode_canada"}, {K::postalcode_french, "postalcode_french"},
    {K::postalcode_germany, "postalcode_germany"}, {K::postalcode_uk, "postalcode_uk"},
    {K::ssn, "ssn"}, {K::mrn_10d, "mrn_10d"}, {K::autocomplete, "autocomplete"},
    {K::mrn_generic, "mrn_generic"}, {K::vmrn, "vmrn"}, {K::signature, "signature"},
    {K::time_hh_mm, "time_hh_mm"},  // older spelling of "time"
    {K::slider_number, "number"},    // only reached for sliders, see parse_validation
}};

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int to_int(std::string_view digits) {
  int value = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), value);
  return value;
}

// "number_<N>dp" or "number_<N>dp_comma_decimal" -> decimals and the comma flag.
std::optional<std::pair<int, bool>> parse_number_dp(std::string_view name) {
  constexpr std::string_view kPrefix = "number_";
  constexpr std::string_view kComma = "_comma_decimal";
  if (!name.starts_with(kPrefix)) return std::nullopt;
  name.remove_prefix(kPrefix.size());
  bool comma = name.ends_with(kComma);
  if (comma) name.remove_suffix(kComma.size());
  if (!name.ends_with("dp")) return std::nullopt;
  name.remove_suffix(2);
  if (!all_digits(name) || name.size() > 2) return std::nullopt;
  int decimals = to_int(name);
  if (decimals < 1) return std::nullopt;
  return std::pair{decimals, comma};
}

bool valid_integer(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  return all_digits(s);
}

// Digits with at most one decimal separator and at least one digit ("-.5", "3.", "12").
bool valid_number(std::string_view s, bool comma) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool digit = false, separator = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if ((c == '.' || (comma && c == ',')) && !separator) {
      separator = true;
    } else {
      return false;
    }
  }
  return digit;
}

bool is_comma_kind(const Validation& v) { return v.kind == K::number_comma_decimal; }

// Bounds REDCap resolves at entry time, which cannot be checked or ordered here.
bool is_dynamic(BoundKind kind, std::string_view value) {
  if (value.starts_with('[') && value.ends_with(']')) return true;  // piped field
  bool temporal = kind != BoundKind::integer && kind != BoundKind::number;
  return temporal && (value == "today" || value == "now");
}

detail::TemporalShape temporal_shape(BoundKind kind) {
  using S = detail::TemporalShape;
  switch (kind) {
    case BoundKind::datetime: return S::datetime;
    case BoundKind::datetime_seconds: return S::datetime_seconds;
    case BoundKind::time_hh_mm: return S::hh_mm;
    case BoundKind::time_hh_mm_ss: return S::hh_mm_ss;
    case BoundKind::time_mm_ss: return S::mm_ss;
    default: return S::date;
  }
}

detail::DateOrder date_order(ValidationKind kind) {
  switch (kind) {
    case K::date_mdy: case K::datetime_mdy: case K::datetime_seconds_mdy:
      return detail::DateOrder::mdy;
    case K::date_dmy: case K::datetime_dmy: case K::datetime_seconds_dmy:
      return detail::DateOrder::dmy;
    default: return detail::DateOrder::ymd;
  }
}

// The date spellings accepted for a kind's bounds, for messages.
std::string_view date_forms(ValidationKind kind) {
  switch (date_order(kind)) {
    case detail::DateOrder::mdy: return "Y-M-D, M/D/Y or M-D-Y";
    case detail::DateOrder::dmy: return "Y-M-D, M/D/Y or D-M-Y";
    case detail::DateOrder::ymd: return "Y-M-D or M/D/Y";
  }
  return "Y-M-D";
}

double to_double(std::string_view s) {
  std::string copy(s);
  for (char& c : copy) {
    if (c == ',') c = '.';
  }
  return std::strtod(copy.c_str(), nullptr);
}

}  // namespace

Validation parse_validation(std::string_view name, FieldType type) {
  Validation v;
  v.name = std::string(name);
  if (name.empty()) return v;
  if (type == FieldType::slider && name == "number") {
    v.kind = K::slider_number;
    return v;
  }
  for (const auto& [kind, text] : kNames) {
    if (text == name && kind != K::slider_number) {
      v.kind = kind;
      return v;
    }
  }
  if (auto dp = parse_number_dp(name)) {
    v.kind = dp->second ? K::number_comma_decimal : K::number;
    v.decimals = dp->first;
    return v;
  }
  v.kind = K::other;
  return v;
}

std::string_view validation_name(ValidationKind kind) {
  for (const auto& [k, text] : kNames) {
    if (k == kind) return text;
  }
  return "";
}

BoundKind bound_kind(ValidationKind kind) {
  switch (kind) {
    case K::date_ymd: case K::date_mdy: case K::date_dmy: return BoundKind::date;
    case K::datetime_ymd: case K::datetime_mdy: case K::datetime_dmy: return BoundKind::datetime;
    case K::datetime_seconds_ymd: case K::datetime_seconds_mdy: case K::datetime_seconds_dmy:
      return BoundKind::datetime_seconds;
    case K::time_hh_mm: return BoundKind::time_hh_mm;
    case K::time_hh_mm_ss: return BoundKind::time_hh_mm_ss;
    case K::time_mm_ss: return BoundKind::time_mm_ss;
    case K::integer: return BoundKind::integer;
    case K::number: case K::number_comma_decimal: case K::slider_number: return BoundKind::number;
    default: return BoundKind::none;
  }
}

bool is_temporal(ValidationKind kind) {
  BoundKind b = bound_kind(kind);
  return b != BoundKind::none && b != BoundKind::integer && b != BoundKind::number;
}

std::optional<std::string> canonical_bound(const Validation& validation, std::string_view value) {
  BoundKind kind = bound_kind(validation.kind);
  if (kind == BoundKind::none) return std::nullopt;
  if (is_dynamic(kind, value)) return std::string(value);
  switch (kind) {
    case BoundKind::integer:
      return valid_integer(value) ? std::optional<std::string>(value) : std::nullopt;
    case BoundKind::number:
      return valid_number(value, is_comma_kind(validation)) ? std::optional<std::string>(value)
                                                            : std::nullopt;
    default:
      return detail::canonical_temporal_bound(temporal_shape(kind), date_order(validation.kind),
                                              value);
  }
}

std::optional<std::string> check_bound(const Validation& validation, std::string_view value) {
  if (canonical_bound(validation, value)) return std::nullopt;
  switch (bound_kind(validation.kind)) {
    case BoundKind::none: return "no bound (the validation type takes no min/max)";
    case BoundKind::date:
      return fmt::format("a real date as {}, 'today' or 'now'", date_forms(validation.kind));
    case BoundKind::datetime:
      return fmt::format("a real date and time as {} followed by H:MM, 'today' or 'now'",
                         date_forms(validation.kind));
    case BoundKind::datetime_seconds:
      return fmt::format("a real date and time as {} followed by H:MM:SS or H:MM, 'today' or "
                         "'now'", date_forms(validation.kind));
    case BoundKind::time_hh_mm: return "a time as H:MM or HH:MM (00:00 to 23:59)";
    case BoundKind::time_hh_mm_ss: return "a time as HH:MM:SS";
    case BoundKind::time_mm_ss: return "a time as MM:SS";
    case BoundKind::integer: return "an integer";
    case BoundKind::number:
      return is_comma_kind(validation) ? "a number (decimal comma or point)" : "a number";
  }
  return "a valid bound";
}

std::optional<int> compare_bounds(const Validation& validation, std::string_view a,
                                  std::string_view b) {
  BoundKind kind = bound_kind(validation.kind);
  if (kind == BoundKind::none || is_dynamic(kind, a) || is_dynamic(kind, b)) return std::nullopt;
  auto x = canonical_bound(validation, a);
  auto y = canonical_bound(validation, b);
  if (!x || !y) return std::nullopt;
  if (kind == BoundKind::integer || kind == BoundKind::number) {
    double p = to_double(*x), q = to_double(*y);
    return p < q ? -1 : (p > q ? 1 : 0);
  }
  // Canonical dates and zero-padded times order as text.
  int c = x->compare(*y);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

}  // namespace oncoshare::dictionary
