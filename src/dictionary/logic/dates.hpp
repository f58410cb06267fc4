// Dates and date-times as REDCap logic writes them: ISO, or in a field's display order.
// Internal to the logic component; the calendar itself is core/civil_date.hpp.
#pragma once

#include <optional>
#include <string_view>

#include "core/civil_date.hpp"

namespace oncoshare::dictionary::logic {

// Order of the date parts when a value is not ISO (REDCap's date_mdy / date_dmy forms).
enum class DateOrder { ymd, mdy, dmy };

// Parses "YYYY-MM-DD" optionally followed by " HH:MM" or " HH:MM:SS" (also 'T'); REDCap
// exports dates in this form whatever the field's display order. Failing that, the date
// part is read in `order` ("MM-DD-YYYY" / "DD-MM-YYYY" / "YYYY-MM-DD"), with '-' or '/'
// between the parts and one or two digits for month and day. nullopt for anything else,
// including impossible dates (2023-02-30).
[[nodiscard]] std::optional<core::DateTime> parse_datetime(std::string_view text,
                                                           DateOrder order = DateOrder::ymd);

}  // namespace oncoshare::dictionary::logic
