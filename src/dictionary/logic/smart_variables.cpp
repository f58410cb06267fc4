#include "dictionary/logic/smart_variables.hpp"

namespace oncoshare::dictionary::logic {
namespace {

struct Entry {
  std::string_view name;
  SmartVariable smart;
};

// Those an export determines come first; the rest describe the user, project or page of a
// live REDCap session, which an export does not record.
constexpr Entry table[] = {
    {"record-name", SmartVariable::record_name},
    {"record-dag-name", SmartVariable::record_dag_name},
    {"event-name", SmartVariable::event_name},
    {"arm-number", SmartVariable::arm_number},
    {"first-instance", SmartVariable::first_instance},
    {"last-instance", SmartVariable::last_instance},
    {"current-instance", SmartVariable::current_instance},
    {"previous-instance", SmartVariable::previous_instance},
    {"next-instance", SmartVariable::next_instance},
    {"project-id", SmartVariable::session},
    {"user-name", SmartVariable::session},
    {"user-fullname", SmartVariable::session},
    {"user-email", SmartVariable::session},
    {"user-dag-name", SmartVariable::session},
    {"user-dag-id", SmartVariable::session},
    {"user-dag-label", SmartVariable::session},
    {"user-role-id", SmartVariable::session},
    {"user-role-name", SmartVariable::session},
    {"user-role-label", SmartVariable::session},
    {"record-dag-id", SmartVariable::session},
    {"record-dag-label", SmartVariable::session},
    {"event-id", SmartVariable::session},
    {"event-label", SmartVariable::session},
    {"arm-label", SmartVariable::session},
    {"instrument-name", SmartVariable::session},
    {"instrument-label", SmartVariable::session},
    {"redcap-version", SmartVariable::session},
    {"server-name", SmartVariable::session},
    {"is-form", SmartVariable::session},
    {"is-survey", SmartVariable::session},
};

}  // namespace

std::optional<SmartVariable> find_smart_variable(std::string_view name) {
  for (const Entry& entry : table) {
    if (entry.name == name) return entry.smart;
  }
  return std::nullopt;
}

std::string_view smart_variable_name(SmartVariable smart) {
  for (const Entry& entry : table) {
    if (entry.smart == smart) return entry.name;
  }
  return "";
}

bool is_instance(SmartVariable smart) {
  return smart >= SmartVariable::first_instance && smart <= SmartVariable::next_instance;
}

std::string not_checkable_message(const FieldRef& ref) {
  return "[" + ref.smart_name + "] is known only inside a REDCap session, not from an export: not checkable";
}

}  // namespace oncoshare::dictionary::logic
