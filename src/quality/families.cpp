#include "quality/families.hpp"

#include <charconv>
#include <cmath>
#include <fmt/format.h>

#include "dictionary/choices.hpp"

namespace oncoshare::quality {

namespace {

constexpr KahnClass kCompleteness{"Verification", "Completeness", "Atemporal"};
constexpr KahnClass kValue{"Verification", "Conformance", "Value"};
constexpr KahnClass kComputational{"Verification", "Conformance", "Computational"};

constexpr std::array<FamilyInfo, kFamilyCount> kFamilies{{
    {Family::completeness_minimal, "completeness_minimal", "minimal_req", kCompleteness, 50},
    {Family::completeness_mandatory, "completeness_mandatory", "mandatory_req", kCompleteness, 10},
    {Family::completeness_required, "completeness_required", "required", kCompleteness, 0},
    {Family::conformance_datatype, "conformance_datatype", "datatype", kValue, 10},
    {Family::conformance_permissible, "conformance_permissible", "permissible", kValue, 10},
    {Family::conformance_length, "conformance_length", "length", kValue, 10},
    {Family::conformance_checkbox, "conformance_checkbox", "checkbox", kValue, 0},
    {Family::plausibility_range, "plausibility_range", "range",
     {"Verification", "Plausibility", "Atemporal"}, 10},
    {Family::plausibility_temporal, "plausibility_temporal", "temporal",
     {"Verification", "Plausibility", "Temporal"}, 0},
    {Family::plausibility_calc, "plausibility_calc", "calc", kComputational, 0},
    {Family::branching_hidden_value, "branching_hidden_value", "hidden_value", kComputational, 0},
    {Family::missing_code, "missing_code", "missing_code", kCompleteness, 0},
    {Family::plausibility_outlier, "plausibility_outlier", "outlier",
     {"Validation", "Plausibility", "Atemporal"}, 0},
}};

}  // namespace

const std::array<FamilyInfo, kFamilyCount>& families() { return kFamilies; }

const FamilyInfo& info(Family family) { return kFamilies[static_cast<std::size_t>(family)]; }

std::optional<Family> parse_family(std::string_view name) {
  for (const FamilyInfo& f : kFamilies) {
    if (f.name == name) return f.family;
  }
  return std::nullopt;
}

std::string id_prefix(Family family) {
  std::string name(info(family).name);
  // Only the Kahn-style prefixes become a dotted level ("missing_code" stays whole).
  for (std::string_view prefix : {"completeness_", "conformance_", "plausibility_", "branching_"}) {
    if (name.starts_with(prefix)) name[prefix.size() - 1] = '.';
  }
  return name;
}

FamilyValues default_weights() {
  FamilyValues weights{};
  for (const FamilyInfo& f : kFamilies) weights[static_cast<std::size_t>(f.family)] = f.default_weight;
  return weights;
}

core::Status parse_family_values(std::string_view text, std::string_view option, FamilyValues& values) {
  FamilyValues result = values;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view item = dictionary::trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    if (item.empty()) continue;
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      return core::fail(core::bad_input(fmt::format("{}: '{}' is not family=number", option, item)));
    }
    const std::string_view name = dictionary::trim(item.substr(0, eq));
    const std::string_view number = dictionary::trim(item.substr(eq + 1));
    const std::optional<Family> family = parse_family(name);
    if (!family) {
      return core::fail(core::bad_input(fmt::format("{}: unknown check family '{}'", option, name)));
    }
    double value = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    // from_chars reads "nan" and "inf": either would make every score nan.
    if (ec != std::errc{} || end != number.data() + number.size() || !std::isfinite(value) || value < 0 ||
        number.empty()) {
      return core::fail(core::bad_input(
          fmt::format("{}: '{}' for {} is not a finite number >= 0", option, number, name)));
    }
    result[static_cast<std::size_t>(*family)] = value;
  }
  values = result;
  return {};
}

}  // namespace oncoshare::quality
