// The sections of the HTML quality report, each appending one `<section>` to `out`.
// Every function tolerates missing keys (see report_json.hpp) and escapes all text.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "quality/detail/report_json.hpp"

namespace oncoshare::quality::detail {

// Bounds that keep the page small whatever the size of the run; everything left out is
// still in quality.json / failures.csv, and the page says so.
inline constexpr std::size_t kMaxChartBars = 40;
inline constexpr std::size_t kMaxWorstVariables = 25;
inline constexpr std::size_t kMaxFailuresPerCheck = 100;
inline constexpr std::size_t kMaxFailureRows = 3000;
inline constexpr std::size_t kMaxWorstRecords = 100;
inline constexpr std::size_t kMaxLinksPerRecord = 12;
inline constexpr std::size_t kMaxValueBytes = 160;

// Kahn categories in the order of the framework; others follow alphabetically.
inline constexpr std::string_view kKahnOrder[] = {"Completeness", "Conformance", "Plausibility"};

// The failing cells shown on the page, numbered so the worst-records list can link to
// the exact rows (`id="failure-<n>"`) of each record.
struct FailureRows {
  struct Row {
    std::size_t check = 0;    // index in quality["checks"]
    std::size_t failure = 0;  // index in that check's "failures"
  };
  std::vector<Row> rows;  // in page order; row n has id "failure-<n+1>"
  std::map<std::pair<std::string, std::string>, std::vector<std::size_t>> by_record;  // (site, record_id)
  std::set<std::size_t> checks_shown;  // checks with at least one row (`id="failures-<id>"`)
  std::size_t omitted = 0;  // failures in the JSON left out by the caps above
};
[[nodiscard]] FailureRows index_failures(const Json& quality);

// "pass" -> "✓ Pass" badge, "fail" -> "✗ Fail", "not_applicable" -> "– N/A".
void append_status_badge(std::string& out, std::string_view status);
// `<a href="#check-<id>">text</a>` for a check id.
void append_check_link(std::string& out, std::string_view check_id, std::string_view text);
// A site name as shown to people: "" (no data access group) -> "(no group)".
[[nodiscard]] std::string site_label(std::string_view site);

void render_header(std::string& out, const Json& quality);
void render_score_table(std::string& out, const Json& quality);
void render_charts(std::string& out, const Json& quality);
void render_worst_variables(std::string& out, const Json& quality);
void render_worst_records(std::string& out, const Json& quality, const FailureRows& rows);
void render_checks(std::string& out, const Json& quality, const FailureRows& rows);
void render_failures(std::string& out, const Json& quality, const FailureRows& rows);
// Only when quality["not_checkable"] lists something.
void render_not_checkable(std::string& out, const Json& quality);

}  // namespace oncoshare::quality::detail
