// The report's escaping helpers live in core (the study report uses them too).
#pragma once

#include "core/html_escape.hpp"

namespace oncoshare::quality::detail {

using core::anchor_id;
using core::append_escaped;
using core::escape_html;
using core::truncate_text;

}  // namespace oncoshare::quality::detail
