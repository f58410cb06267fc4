// Internal: the subjectAltName entries `ca issue --san` accepts.
#pragma once

#include <string_view>

#include "core/result.hpp"

namespace oncoshare::node::detail {

// Accepts "DNS:<host name>" (letters, digits, '-' in dot-separated labels of 1-63
// characters) and "IP:<IPv4 or IPv6 address>"; anything else is a bad_input error naming
// the value.
[[nodiscard]] core::Status check_subject_alt_name(std::string_view san);

}  // namespace oncoshare::node::detail
