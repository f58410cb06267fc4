// REDCap's limits on variable names beyond their characters: length and the names REDCap
// uses itself.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dictionary/dictionary.hpp"

namespace oncoshare::dictionary {

// REDCap refuses longer names; it advises at most 26 so that exports to SAS/Stata keep them.
inline constexpr std::size_t kMaxVariableNameLength = 100;

// Why `name` cannot be a field of a project with these forms, or nullopt when it can:
// REDCap's reserved names (export columns such as redcap_event_name, form parameters such as
// hidden_edit_flag, and words browsers misread in logic such as "submit"), and
// "<form>_complete", the status column REDCap adds to every form.
[[nodiscard]] std::optional<std::string> reserved_name_reason(std::string_view name,
                                                              const std::vector<Form>& forms);

// Whether `name` is the export column "<form>_timestamp" that REDCap adds when the form is
// used as a survey.
[[nodiscard]] bool is_survey_timestamp_column(std::string_view name,
                                              const std::vector<Form>& forms);

}  // namespace oncoshare::dictionary
