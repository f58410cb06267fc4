// Turning untrusted text (values from the records, names from the dictionary) into safe
// HTML text, attribute values and fragment identifiers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace oncoshare::core {

// Appends `text` with & < > " ' escaped, so the result is safe both as element content
// and inside a double- or single-quoted attribute. Invalid UTF-8 bytes and control
// characters other than tab/newline become U+FFFD so the page stays well-formed.
void append_escaped(std::string& out, std::string_view text);
[[nodiscard]] std::string escape_html(std::string_view text);

// `prefix` + `key` as an id usable verbatim in both `id="..."` and `href="#..."`:
// [A-Za-z0-9._:-] are kept, every other byte becomes `~XX` (hex), `~` included, so
// distinct keys give distinct ids. "check-" + "a.b_c" -> "check-a.b_c".
[[nodiscard]] std::string anchor_id(std::string_view prefix, std::string_view key);

// `text` cut to at most `max_bytes` bytes on a UTF-8 boundary, with "…" appended when
// cut; keeps one huge cell value from dominating the page.
[[nodiscard]] std::string truncate_text(std::string_view text, std::size_t max_bytes);

}  // namespace oncoshare::core
