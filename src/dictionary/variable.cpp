#include "dictionary/variable.hpp"

#include <array>
#include <cctype>
#include <utility>

#include "core/ascii_case.hpp"

namespace oncoshare::dictionary {

namespace {
constexpr std::array<std::pair<FieldType, std::string_view>, 12> kFieldTypes{{
    {FieldType::text, "text"},         {FieldType::notes, "notes"},
    {FieldType::dropdown, "dropdown"}, {FieldType::radio, "radio"},
    {FieldType::checkbox, "checkbox"}, {FieldType::yesno, "yesno"},
    {FieldType::truefalse, "truefalse"}, {FieldType::calc, "calc"},
    {FieldType::file, "file"},         {FieldType::slider, "slider"},
    {FieldType::descriptive, "descriptive"}, {FieldType::sql, "sql"},
}};
}  // namespace

std::string checkbox_column(std::string_view name, std::string_view code) {
  return std::string(name) + "___" + core::ascii_lower(code);
}

const Choice* Variable::find_choice(std::string_view code) const {
  for (const Choice& c : choices) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

std::string_view to_string(FieldType type) {
  for (const auto& [t, name] : kFieldTypes) {
    if (t == type) return name;
  }
  return "?";
}

std::optional<FieldType> parse_field_type(std::string_view text) {
  for (const auto& [t, name] : kFieldTypes) {
    if (name == text) return t;
  }
  return std::nullopt;
}

std::string_view to_string(Requirement requirement) {
  switch (requirement) {
    case Requirement::optional: return "optional";
    case Requirement::minimal: return "minimal";
    case Requirement::mandatory: return "mandatory";
    case Requirement::recommended: return "recommended";
  }
  return "?";
}

}  // namespace oncoshare::dictionary
