// Report section listing logic the run could not check (not_checkable in quality.json).
#include <fmt/format.h>

#include "quality/detail/html_escape.hpp"
#include "quality/detail/report_sections.hpp"

namespace oncoshare::quality::detail {

void render_not_checkable(std::string& out, const Json& quality) {
  const Json& items = array_member(quality, "not_checkable");
  if (items.empty()) return;  // the usual case: no section at all
  out += "<section id=\"not-checkable\"><h2>Not checkable</h2><p>";
  out += fmt::format("{} piece{} of logic could not be checked and {} left out of the scores; every other "
                     "check ran.</p>",
                     items.size(), items.size() == 1 ? "" : "s", items.size() == 1 ? "is" : "are");
  out += "<table><thead><tr><th>Where</th><th>Field or rule</th><th>Logic</th><th>Reason</th></tr></thead><tbody>";
  for (const Json& item : items) {
    out += "<tr><td><code>";
    append_escaped(out, text_member(item, "file"));
    if (const auto line = number_member(item, "line"); line && *line > 0) out += fmt::format(":{}", *line);
    out += "</code></td><td><code>";
    append_escaped(out, text_member(item, "field"));
    out += "</code></td><td>";
    append_escaped(out, text_member(item, "logic"));
    if (const auto column = number_member(item, "column"); column && *column > 0) {
      out += fmt::format(" (column {})", *column);
    }
    out += "</td><td>";
    append_escaped(out, text_member(item, "reason"));
    out += "</td></tr>";
  }
  out += "</tbody></table></section>";
}

}  // namespace oncoshare::quality::detail
