#include <fmt/format.h>

#include <array>
#include <string_view>

#include "core/ascii_case.hpp"
#include "core/html_escape.hpp"
#include "core/html_page.hpp"
#include "omop/dq_report.hpp"

namespace oncoshare::omop {

namespace {

using core::append_escaped;

constexpr std::array<std::string_view, 3> kCategories{"Plausibility", "Conformance", "Completeness"};
constexpr std::array<std::string_view, 2> kContexts{"Verification", "Validation"};

// The viewer's tally: Pass = passed or NA, Fail = failed or error (dqDashboardComponent.js);
// NA is shown on its own as well.
struct Tally {
  std::size_t pass = 0;
  std::size_t fail = 0;
  std::size_t not_applicable = 0;
  void add(const DqCheckResult& r) {
    if (r.passed() || r.not_applicable) ++pass;
    if (r.failed || r.is_error()) ++fail;
    if (r.not_applicable) ++not_applicable;
  }
};

std::string_view status_class(const DqCheckResult& r) {
  if (r.not_applicable) return "na";
  return r.failed || r.is_error() ? "fail" : "pass";
}

std::string_view status_text(const DqCheckResult& r) {
  if (r.not_applicable) return "NA";
  if (r.is_error()) return "\xE2\x9C\x97 error";
  return r.failed ? "\xE2\x9C\x97 fail" : "\xE2\x9C\x93 pass";
}

std::string target(const DqCheckResult& r) {
  const std::string table = core::ascii_upper(r.table);
  return r.field.empty() ? table : table + "." + r.field;
}

std::string threshold_text(const DqCheckResult& r) {
  return r.threshold ? fmt::format("{:g}%", *r.threshold) : std::string("none");
}

void cell(std::string& out, std::string_view text, std::string_view css = "") {
  out += css.empty() ? "<td>" : fmt::format("<td class=\"{}\">", css);
  append_escaped(out, text);
  out += "</td>";
}

void render_header(std::string& out, const DqReport& report, const DqReportContext& context) {
  const DqOverview& o = report.overview;
  const bool clean = o.count_overall_failed == 0 && o.count_error_failed == 0;
  out += "<h1>OMOP CDM data quality</h1><div class=\"top\"><dl class=\"inputs\"><dt>database</dt><dd><code>";
  append_escaped(out, context.database);
  out += "</code></dd>";
  if (!context.schema.empty()) {
    out += "<dt>schema</dt><dd><code>";
    append_escaped(out, context.schema);
    out += "</code></dd>";
  }
  out += "<dt>today</dt><dd>";
  append_escaped(out, report.today);
  out += "</dd><dt>checks</dt><dd>OHDSI Data Quality Dashboard 5.4 check definitions</dd></dl>";
  out += fmt::format(
      "<div class=\"score-card {0}\"><div class=\"score-label\">percent passed</div><div class=\"score\">{1:.2f}"
      "<span class=\"unit\">%</span></div><div class=\"verdict {0}\">{2}</div><div class=\"threshold\">as the "
      "Dashboard's Overview counts: not applicable checks and errors count as passed</div></div></div>",
      clean ? "pass" : "fail", o.percent_passed, clean ? "PASS" : "FAIL");
  out += "<div class=\"tiles\">";
  const std::size_t passed = o.count_total - o.count_overall_failed - o.count_error_failed - o.count_not_applicable;
  const std::pair<std::size_t, std::string_view> tiles[] = {
      {o.count_total, "checks run"},       {passed, "passed"},
      {o.count_overall_failed, "failed"},  {o.count_not_applicable, "not applicable"},
      {o.count_error_failed, "errors"},    {report.not_run.size(), "check types not run"},
  };
  for (const auto& [value, label] : tiles) {
    out += fmt::format("<div class=\"tile\"><div class=\"tile-value\">{}</div><div class=\"tile-label\">{}</div></div>",
                       value, label);
  }
  out += "</div>";
}

void render_matrix(std::string& out, const DqReport& report) {
  out += "<h2 id=\"overview\">Overview</h2><p class=\"lead\">Kahn categories by context. Pass counts passed and "
         "not applicable checks, Fail counts failed checks and errors, as the Dashboard's viewer does.</p>"
         "<table class=\"matrix score-table\"><thead><tr><th rowspan=\"2\">Category</th>";
  for (const std::string_view context : kContexts) out += fmt::format("<th colspan=\"3\">{}</th>", context);
  out += "<th colspan=\"4\">Total</th></tr><tr>";
  for (std::size_t i = 0; i <= kContexts.size(); ++i) out += "<th>Pass</th><th>Fail</th><th>NA</th>";
  out += "<th>% Pass</th></tr></thead><tbody>";
  const auto tally = [&](std::string_view category, std::string_view context) {
    Tally t;
    for (const DqCheckResult& r : report.results) {
      if ((category.empty() || r.kahn_category == category) && (context.empty() || r.kahn_context == context)) t.add(r);
    }
    return t;
  };
  const auto row = [&](std::string_view label, std::string_view category) {
    out += fmt::format("<tr><td class=\"strong\">{}</td>", label);
    for (const std::string_view context : kContexts) {
      const Tally t = tally(category, context);
      out += fmt::format("<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>", t.pass, t.fail,
                         t.not_applicable);
    }
    const Tally total = tally(category, "");
    const std::size_t all = total.pass + total.fail;
    out += fmt::format(
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
        total.pass, total.fail, total.not_applicable,
        all == 0 ? std::string("\xE2\x80\x93") : fmt::format("{:.0f}%", 100.0 * static_cast<double>(total.pass) /
                                                                              static_cast<double>(all)));
  };
  for (const std::string_view category : kCategories) row(category, category);
  out += "</tbody><tbody>";
  row("Total", "");
  out += "</tbody></table>";
}

void check_row(std::string& out, const DqCheckResult& r, bool with_details) {
  out += fmt::format("<tr class=\"status-{}\"><td><span class=\"badge {}\">{}</span></td>",
                     r.passed() ? "pass" : (r.not_applicable ? "na" : "fail"), status_class(r), status_text(r));
  out += "<td><code>";
  append_escaped(out, r.check_name);
  out += "</code><div class=\"muted\">";
  append_escaped(out, r.kahn_category + (r.kahn_subcategory.empty() ? "" : " / " + r.kahn_subcategory) + " \xC2\xB7 " +
                          r.severity);
  out += "</div></td><td class=\"id\"><code>";
  append_escaped(out, target(r));
  out += "</code></td>";
  cell(out, fmt::format("{}", r.num_violated_rows), "num");
  cell(out, fmt::format("{}", r.num_denominator_rows), "num");
  cell(out, fmt::format("{:.2f}%", r.pct_violated_rows * 100), "num");
  cell(out, threshold_text(r), "num");
  out += "<td>";
  append_escaped(out, r.description);
  if (r.not_applicable) {
    out += "<div class=\"note\">";
    append_escaped(out, r.not_applicable_reason);
    out += "</div>";
  }
  if (r.is_error()) {
    out += "<div class=\"value\">";
    append_escaped(out, r.error);
    out += "</div>";
  }
  if (with_details && !r.sql.empty()) {
    out += "<details><summary>SQL</summary><pre class=\"sql\">";
    append_escaped(out, r.sql);
    out += "</pre></details>";
  }
  out += "</td></tr>";
}

constexpr std::string_view kCheckTableHead =
    "<thead><tr><th class=\"w-status\">Status</th><th class=\"w-id\">Check</th><th class=\"w-var\">Table.field</th>"
    "<th class=\"w-failed\">Violated</th><th class=\"w-failed\">Rows</th><th class=\"w-rate\">%</th>"
    "<th class=\"w-threshold\">Threshold</th><th>Description</th></tr></thead>";

void render_failed(std::string& out, const DqReport& report) {
  out += "<h2 id=\"failed\">Failed checks</h2>";
  std::size_t count = 0;
  for (const DqCheckResult& r : report.results) count += (r.failed || r.is_error()) ? 1 : 0;
  if (count == 0) {
    out += "<p class=\"empty ok\">\xE2\x9C\x93 No check failed.</p>";
    return;
  }
  out += fmt::format("<p class=\"lead\">{} checks failed or could not run, with the query each ran.</p>", count);
  out += "<table class=\"checks\">";
  out += kCheckTableHead;
  out += "<tbody>";
  for (const DqCheckResult& r : report.results) {
    if (r.failed || r.is_error()) check_row(out, r, true);
  }
  out += "</tbody></table>";
}

// The filter is plain text matching on each row's text; the checkbox (pure CSS) hides
// passing and not applicable rows.
constexpr std::string_view kFilterScript =
    "<script>document.getElementById('check-filter').addEventListener('input',function(e){"
    "var q=e.target.value.toLowerCase();document.querySelectorAll('#all-checks tbody tr').forEach(function(r){"
    "r.style.display=r.textContent.toLowerCase().indexOf(q)<0?'none':'';});});</script>";

void render_all(std::string& out, const DqReport& report) {
  out += "<h2 id=\"checks\">All checks</h2><input id=\"check-filter\" class=\"filter\" type=\"search\" "
         "placeholder=\"Filter: check, table, field, status\" aria-label=\"Filter the checks\">"
         "<input type=\"checkbox\" id=\"only-failed\" class=\"toggle\"><label for=\"only-failed\" "
         "class=\"toggle-label\">show only failed checks</label><div class=\"check-group\">"
         "<table class=\"checks\" id=\"all-checks\">";
  out += kCheckTableHead;
  out += "<tbody>";
  for (const DqCheckResult& r : report.results) check_row(out, r, false);
  out += "</tbody></table></div>";
  out += kFilterScript;
}

void render_not_run(std::string& out, const DqReport& report) {
  out += "<h2 id=\"not-run\">Check types not run</h2>";
  if (report.not_run.empty()) {
    out += "<p class=\"empty ok\">Every check type ran.</p>";
    return;
  }
  out += "<table><thead><tr><th>Check</th><th>Level</th><th class=\"num\">Instances</th><th>Why not</th></tr>"
         "</thead><tbody>";
  for (const DqNotRun& n : report.not_run) {
    out += "<tr><td><code>";
    append_escaped(out, n.check_name);
    out += "</code></td>";
    cell(out, level_name(n.level));
    cell(out, fmt::format("{}", n.instances), "num");
    cell(out, n.reason);
    out += "</tr>";
  }
  out += "</tbody></table>";
}

}  // namespace

std::string dq_report_html(const DqReport& report, const DqReportContext& context) {
  std::string out;
  out.reserve(256 * 1024);
  core::begin_html_page(out, "OMOP CDM data quality");
  render_header(out, report, context);
  out += "<nav aria-label=\"Sections\"><a href=\"#overview\">Overview</a><a href=\"#failed\">Failed checks</a>"
         "<a href=\"#checks\">All checks</a><a href=\"#not-run\">Not run</a></nav>";
  render_matrix(out, report);
  render_failed(out, report);
  render_all(out, report);
  render_not_run(out, report);
  core::end_html_page(out, "OHDSI Data Quality Dashboard 5.4 checks \xC2\xB7 every result with its query is in "
                           "omop-checks.json");
  return out;
}

}  // namespace oncoshare::omop
