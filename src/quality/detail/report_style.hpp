// The report's inline stylesheet: system fonts only, print-friendly, and pass/fail
// shown by text and icon as well as by colour.
#pragma once

#include <string_view>

namespace oncoshare::quality::detail {

extern const std::string_view kReportStyle;

}  // namespace oncoshare::quality::detail
