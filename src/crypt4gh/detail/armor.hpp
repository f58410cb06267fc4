// PEM-like armour ("-----BEGIN X-----", base64 body, "-----END X-----") and base64, as the
// reference writes them (one base64 line) and reads them (any BEGIN label, blank lines ignored).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace oncoshare::crypt4gh::detail {

[[nodiscard]] std::string base64_encode(std::string_view bytes);
// Standard alphabet with padding; nullopt on any other character.
[[nodiscard]] std::optional<std::string> base64_decode(std::string_view text);

// "-----BEGIN <label>-----\n<base64>\n-----END <label>-----\n".
[[nodiscard]] std::string armor(std::string_view label, std::string_view bytes);

// The decoded body between the first "-----BEGIN " and last "-----END " lines, or nullopt
// when the armour or the base64 is malformed. `label` receives the BEGIN line's label.
[[nodiscard]] std::optional<std::string> dearmor(std::string_view text, std::string* label = nullptr);

}  // namespace oncoshare::crypt4gh::detail
