// The REDCap smart variables logic may name. Internal to the logic component.
#pragma once

#include <optional>
#include <string_view>

#include "dictionary/logic.hpp"

namespace oncoshare::dictionary::logic {

// The smart variable spelled `name` (lower case, without brackets), or nullopt if REDCap
// has none by that name.
[[nodiscard]] std::optional<SmartVariable> find_smart_variable(std::string_view name);

// The spelling of an export-determined smart variable ("first-instance"); session ones
// share one kind, so they are spelled from FieldRef::smart_name instead.
[[nodiscard]] std::string_view smart_variable_name(SmartVariable smart);

}  // namespace oncoshare::dictionary::logic
