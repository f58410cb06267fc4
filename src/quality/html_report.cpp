#include "quality/html_report.hpp"

#include "core/html_page.hpp"
#include "quality/detail/html_escape.hpp"
#include "quality/detail/report_sections.hpp"

namespace oncoshare::quality {

std::string render_html_report(const nlohmann::json& quality) {
  using namespace detail;
  const FailureRows failures = index_failures(quality);
  std::string out;
  out.reserve(64 * 1024);
  core::begin_html_page(out, "Data quality report");
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
  const std::string schema = text_member(quality, "schema");
  core::end_html_page(out, (schema.empty() ? "quality results" : schema) +
                               " \xC2\xB7 every failing cell is listed in failures.csv");
  return out;
}

}  // namespace oncoshare::quality
