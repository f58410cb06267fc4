#include "quality/html_report.hpp"

#include "quality/detail/html_escape.hpp"
#include "quality/detail/report_sections.hpp"
#include "quality/detail/report_style.hpp"

namespace oncoshare::quality {

std::string render_html_report(const nlohmann::json& quality) {
  using namespace detail;
  const FailureRows failures = index_failures(quality);
  std::string out;
  out.reserve(64 * 1024);
  out += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>Data quality report</title><style>";
  out += kReportStyle;
  out += "</style></head><body><main>";
  render_header(out, quality);
  out += "<nav aria-label=\"Sections\">";
  if (!array_member(quality, "not_checkable").empty()) out += "<a href=\"#not-checkable\">Not checkable</a>";
  out += "<a href=\"#scores\">Score</a><a href=\"#charts\">Charts</a>"
         "<a href=\"#worst-variables\">Worst variables</a><a href=\"#worst-records\">Worst records</a>"
         "<a href=\"#checks\">Checks</a><a href=\"#failures\">Failing cells</a></nav>";
  render_not_checkable(out, quality);
  render_score_table(out, quality);
  render_charts(out, quality);
  render_worst_variables(out, quality);
  render_worst_records(out, quality, failures);
  render_checks(out, quality, failures);
  render_failures(out, quality, failures);
  out += "<footer>";
  const std::string schema = text_member(quality, "schema");
  append_escaped(out, schema.empty() ? "quality results" : schema);
  out += " \xC2\xB7 every failing cell is listed in failures.csv</footer></main></body></html>\n";
  return out;
}

}  // namespace oncoshare::quality
