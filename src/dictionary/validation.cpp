#include "dictionary/validation.hpp"

#include <array>
#include <charconv>
#include <cstdlib>
#include <utility>

#include "core/civil_date.hpp"

namespace oncoshare::dictionary {

namespace {

using K = ValidationKind;

// Types REDCap ships whose names map one-to-one (number_Ndp variants are parsed apart).
constexpr std::array<std::pair<K, std::string_view>, 31> kNames{{
    {K::date_ymd, "date_ymd"}, {K::date_mdy, "date_mdy"}, {K::date_dmy, "date_dmy"},
    {K::datetime_ymd, "datetime_ymd"}, {K::datetime_mdy, "datetime_mdy"},
    {K::datetime_dmy, "datetime_dmy"}, {K::datetime_seconds_ymd, "datetime_seconds_ymd"},
    {K::datetime_seconds_mdy, "datetime_seconds_mdy"},
    {K::datetime_seconds_dmy, "datetime_seconds_dmy"}, {K::time_hh_mm, "time"},
    {K::time_hh_mm_ss, "time_hh_mm_ss"}, {K::time_mm_ss, "time_mm_ss"},
    {K::integer, "integer"}, {K::number, "number"},
    {K::number_comma_decimal, "number_comma_decimal"}, {K::alpha_only, "alpha_only"},
    {K::email, "email"}, {K::phone, "phone"}, {K::phone_australia, "phone_australia"},
    {K::zipcode, "zipcode"}, {K::postalcode_australia, "postalcode_australia"},
    {K::postalcode_canada, "postalcode_canada"}, {K::postalcode_french, "postalcode_french"},
    {K::postalcode_germany, "postalcode_germany"}, {K::ssn, "ssn"}, {K::mrn_10d, "mrn_10d"},
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

// Two digits in [0, max].
bool two_digits(std::string_view s, int max) {
  return s.size() == 2 && all_digits(s) && to_int(s) <= max;
}

bool valid_date(std::string_view s) { return core::parse_iso_date(s).has_value(); }

bool valid_hh_mm(std::string_view s) {
  return s.size() == 5 && s[2] == ':' && two_digits(s.substr(0, 2), 23) &&
         two_digits(s.substr(3, 2), 59);
}

bool valid_hh_mm_ss(std::string_view s) {
  return s.size() == 8 && s[5] == ':' && valid_hh_mm(s.substr(0, 5)) &&
         two_digits(s.substr(6, 2), 59);
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

std::optional<std::string> check_bound(const Validation& validation, std::string_view value) {
  BoundKind kind = bound_kind(validation.kind);
  if (is_dynamic(kind, value)) return std::nullopt;
  switch (kind) {
    case BoundKind::none: return "no bound (the validation type takes no min/max)";
    case BoundKind::date:
      if (valid_date(value)) return std::nullopt;
      return "a real date as YYYY-MM-DD, 'today' or 'now'";
    case BoundKind::datetime:
      if (value.size() == 16 && value[10] == ' ' && valid_date(value.substr(0, 10)) &&
          valid_hh_mm(value.substr(11))) {
        return std::nullopt;
      }
      return "a real date and time as YYYY-MM-DD HH:MM, 'today' or 'now'";
    case BoundKind::datetime_seconds:
      if (value.size() == 19 && value[10] == ' ' && valid_date(value.substr(0, 10)) &&
          valid_hh_mm_ss(value.substr(11))) {
        return std::nullopt;
      }
      return "a real date and time as YYYY-MM-DD HH:MM:SS, 'today' or 'now'";
    case BoundKind::time_hh_mm:
      if (valid_hh_mm(value)) return std::nullopt;
      return "a time as HH:MM (00:00 to 23:59)";
    case BoundKind::time_hh_mm_ss:
      if (valid_hh_mm_ss(value)) return std::nullopt;
      return "a time as HH:MM:SS";
    case BoundKind::time_mm_ss:
      if (value.size() == 5 && value[2] == ':' && two_digits(value.substr(0, 2), 59) &&
          two_digits(value.substr(3, 2), 59)) {
        return std::nullopt;
      }
      return "a time as MM:SS";
    case BoundKind::integer:
      if (valid_integer(value)) return std::nullopt;
      return "an integer";
    case BoundKind::number:
      if (valid_number(value, is_comma_kind(validation))) return std::nullopt;
      return is_comma_kind(validation) ? "a number (decimal comma or point)" : "a number";
  }
  return "a valid bound";
}

std::optional<int> compare_bounds(const Validation& validation, std::string_view a,
                                  std::string_view b) {
  BoundKind kind = bound_kind(validation.kind);
  if (kind == BoundKind::none || is_dynamic(kind, a) || is_dynamic(kind, b)) return std::nullopt;
  if (check_bound(validation, a) || check_bound(validation, b)) return std::nullopt;
  if (kind == BoundKind::integer || kind == BoundKind::number) {
    double x = to_double(a), y = to_double(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  // ISO dates and zero-padded times order as text.
  int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

}  // namespace oncoshare::dictionary
