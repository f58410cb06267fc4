// Standard padded base64 (libsodium's ORIGINAL variant), as every node message uses it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace oncoshare::node::detail {

[[nodiscard]] std::string base64(const unsigned char* data, std::size_t size);
// The bytes of `text`; a bad_input naming `field` when it is not valid base64.
[[nodiscard]] core::Result<std::string> unbase64(std::string_view text, std::string_view field);

}  // namespace oncoshare::node::detail
