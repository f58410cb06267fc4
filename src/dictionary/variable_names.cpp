#include "dictionary/variable_names.hpp"

#include <fmt/format.h>

#include <array>

namespace oncoshare::dictionary {

namespace {

// REDCap's Project::$reserved_field_names (REDCap 15).
constexpr std::array<std::string_view, 10> kInternal{
    "redcap_event_name", "redcap_csrf_token", "redcap_survey_timestamp",
    "redcap_survey_identifier", "redcap_survey_return_code", "redcap_data_access_group",
    "hidden_edit_flag", "instance", "redcap_repeat_instance", "redcap_repeat_instrument"};
constexpr std::array<std::string_view, 18> kBrowserWords{
    "submit", "new", "return", "continue", "case", "switch", "class", "enum", "catch", "throw",
    "document", "super", "focus", "elements", "action", "event_id", "target", "field_label"};

bool is_form_column(std::string_view name, const std::vector<Form>& forms,
                    std::string_view suffix) {
  if (!name.ends_with(suffix)) return false;
  std::string_view form = name.substr(0, name.size() - suffix.size());
  for (const Form& f : forms) {
    if (f.name == form) return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> reserved_name_reason(std::string_view name,
                                                const std::vector<Form>& forms) {
  for (std::string_view reserved : kInternal) {
    if (name == reserved) return std::string("REDCap uses this name itself");
  }
  for (std::string_view reserved : kBrowserWords) {
    if (name == reserved) {
      return std::string("REDCap reserves this word because browsers misread it in logic");
    }
  }
  if (is_form_column(name, forms, "_complete")) {
    return fmt::format("REDCap adds the form status column '{}' itself", name);
  }
  return std::nullopt;
}

bool is_survey_timestamp_column(std::string_view name, const std::vector<Form>& forms) {
  return is_form_column(name, forms, "_timestamp");
}

}  // namespace oncoshare::dictionary
