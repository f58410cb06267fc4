// Report sections about records and cells: failing cells per check, worst records.
#include <algorithm>

#include <fmt/format.h>

#include "quality/detail/html_escape.hpp"
#include "quality/detail/report_sections.hpp"

namespace oncoshare::quality::detail {
namespace {

std::string failure_anchor(std::size_t row) { return "failure-" + std::to_string(row + 1); }

// "site_1.csv:23 diagnosis_date": where a data manager finds the cell.
std::string cell_location(const Json& failure) {
  std::string location = text_member(failure, "file");
  const std::string line = text_member(failure, "line");
  if (!line.empty()) location += ":" + line;
  const std::string column = text_member(failure, "column");
  if (!column.empty()) location += (location.empty() ? "" : " ") + column;
  return location;
}

// record id, then event and repeat instance when the export has them.
void append_record(std::string& out, const Json& failure) {
  append_escaped(out, text_member(failure, "record_id"));
  const std::string event = text_member(failure, "event");
  const std::string instrument = text_member(failure, "repeat_instrument");
  const auto instance = number_member(failure, "repeat_instance");
  if (!event.empty() || !instrument.empty() || instance.value_or(0) > 0) {
    out += "<div class=\"muted\">";
    append_escaped(out, event);
    if (!instrument.empty() || instance.value_or(0) > 0) {
      if (!event.empty()) out += " \xC2\xB7 ";
      append_escaped(out, instrument + " #" + format_plain(instance));
    }
    out += "</div>";
  }
}

void append_failure_row(std::string& out, const Json& check, const Json& failure, std::size_t row) {
  out += "<tr id=\"" + failure_anchor(row) + "\"><td><code>";
  append_escaped(out, cell_location(failure));
  out += "</code></td><td>";
  append_escaped(out, site_label(text_member(failure, "site")));
  out += "</td><td>";
  append_record(out, failure);
  out += "</td><td>";
  const std::string value = text_member(failure, "value");
  if (value.empty()) {
    out += "<span class=\"muted\">(empty)</span>";
  } else {
    out += "<code class=\"value\">";
    append_escaped(out, truncate_text(value, kMaxValueBytes));
    out += "</code>";
  }
  out += "</td><td>";
  append_escaped(out, truncate_text(text_member(failure, "message"), 2 * kMaxValueBytes));
  out += "</td><td>";
  append_check_link(out, text_member(check, "id"), "rule \xE2\x86\x91");
  out += "</td></tr>";
}

void append_group_header(std::string& out, const Json& check, std::size_t shown) {
  const std::string id = text_member(check, "id");
  out += "<tbody id=\"" + anchor_id("failures-", id) + "\"><tr class=\"group\"><th colspan=\"6\">";
  append_check_link(out, id, id);
  const std::string description = text_member(check, "description");
  if (!description.empty()) {
    out += " <span class=\"muted\">\xE2\x80\x94 ";
    append_escaped(out, description);
    out += "</span>";
  }
  const double failed = number_member(check, "failed").value_or(static_cast<double>(shown));
  const bool truncated = member(check, "failures_truncated") == true;
  if (truncated || failed > static_cast<double>(shown)) {
    out += " <span class=\"note\">first " + std::to_string(shown) + " of " + format_count(failed) +
           "; all are in failures.csv</span>";
  }
  out += "</th></tr>";
}

}  // namespace

FailureRows index_failures(const Json& quality) {
  FailureRows index;
  const Json& checks = array_member(quality, "checks");
  for (std::size_t c = 0; c < checks.size(); ++c) {
    const Json& failures = array_member(checks[c], "failures");
    for (std::size_t f = 0; f < failures.size(); ++f) {
      if (f >= kMaxFailuresPerCheck || index.rows.size() >= kMaxFailureRows) {
        ++index.omitted;
        continue;
      }
      index.by_record[{text_member(failures[f], "site"), text_member(failures[f], "record_id")}]
          .push_back(index.rows.size());
      index.rows.push_back({c, f});
      index.checks_shown.insert(c);
    }
  }
  return index;
}

void render_failures(std::string& out, const Json& quality, const FailureRows& index) {
  out += "<section id=\"failures\"><h2>Failing cells</h2>";
  if (index.rows.empty()) {
    out += "<p class=\"empty ok\">\xE2\x9C\x93 No failing cells.</p></section>";
    return;
  }
  out += "<p class=\"lead\">Each row names the cell (file:line and column) and links to the rule it "
         "breaks.</p><table class=\"failures\"><thead><tr><th>Cell</th><th>Site</th><th>Record</th>"
         "<th>Value</th><th>Problem</th><th>Rule</th></tr></thead>";
  const Json& checks = array_member(quality, "checks");
  for (std::size_t i = 0; i < index.rows.size();) {
    const std::size_t check = index.rows[i].check;
    std::size_t end = i;
    while (end < index.rows.size() && index.rows[end].check == check) ++end;
    append_group_header(out, checks[check], end - i);
    const Json& failures = array_member(checks[check], "failures");
    for (; i < end; ++i) append_failure_row(out, checks[check], failures[index.rows[i].failure], i);
    out += "</tbody>";
  }
  out += "</table>";
  if (index.omitted > 0) {
    out += fmt::format("<p class=\"note\">{} more failing cells from quality.json are not shown to "
                       "keep this page small; all are in failures.csv.</p>",
                       index.omitted);
  }
  out += "</section>";
}

void render_worst_records(std::string& out, const Json& quality, const FailureRows& index) {
  out += "<section id=\"worst-records\"><h2>Worst records</h2>";
  const Json& records = array_member(quality, "worst_records");
  if (records.empty()) {
    out += "<p class=\"empty ok\">\xE2\x9C\x93 No records with failures.</p></section>";
    return;
  }
  const Json& checks = array_member(quality, "checks");
  std::set<std::string> known_checks;
  for (const Json& check : checks) known_checks.insert(text_member(check, "id"));
  out += "<table><thead><tr><th>Site</th><th>Record</th><th class=\"num\">Score</th>"
         "<th>Failed checks</th><th>Failing cells</th></tr></thead><tbody>";
  const std::size_t shown = std::min(records.size(), kMaxWorstRecords);
  for (std::size_t r = 0; r < shown; ++r) {
    const Json& record = records[r];
    const std::string site = text_member(record, "site");
    const std::string record_id = text_member(record, "record_id");
    out += "<tr><td>";
    append_escaped(out, site_label(site));
    out += "</td><td><code>";
    append_escaped(out, record_id);
    out += "</code></td><td class=\"num strong\">" + format_fixed(number_member(record, "score"), 2) +
           "</td><td class=\"links\">";
    for (const Json& id : array_member(record, "failed_checks")) {
      if (!id.is_string()) continue;
      if (known_checks.contains(id.get<std::string>())) {
        append_check_link(out, id.get<std::string>(), id.get<std::string>());
      } else {
        append_escaped(out, id.get<std::string>());
      }
      out += ' ';
    }
    out += "</td><td class=\"links\">";
    const auto rows = index.by_record.find({site, record_id});
    const std::size_t count = rows == index.by_record.end() ? 0 : rows->second.size();
    for (std::size_t k = 0; k < std::min(count, kMaxLinksPerRecord); ++k) {
      const std::size_t row = rows->second[k];
      const Json& failure = array_member(checks[index.rows[row].check], "failures")[index.rows[row].failure];
      out += "<a href=\"#" + failure_anchor(row) + "\">";
      append_escaped(out, cell_location(failure));
      out += "</a> ";
    }
    if (count > kMaxLinksPerRecord) out += fmt::format("<span class=\"note\">+{} more</span>", count - kMaxLinksPerRecord);
    if (count == 0) out += "<span class=\"muted\">not among the cells listed</span>";
    out += "</td></tr>";
  }
  out += "</tbody></table>";
  if (records.size() > shown) {
    out += fmt::format("<p class=\"note\">{} more records in quality.json.</p>", records.size() - shown);
  }
  out += "</section>";
}

}  // namespace oncoshare::quality::detail
