// Report sections about individual checks: worst variables and the checks tables.
#include <algorithm>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "quality/detail/html_escape.hpp"
#include "quality/detail/report_sections.hpp"

namespace oncoshare::quality::detail {
namespace {

struct VariableStats {
  std::string name;
  std::string form;
  double failures = 0.0;
  double evaluated = 0.0;
  std::vector<const Json*> failing_checks;  // failed > 0
};

std::vector<VariableStats> variable_stats(const Json& checks) {
  std::map<std::string, VariableStats> by_name;
  for (const Json& check : checks) {
    const std::string variable = text_member(check, "variable");
    if (variable.empty()) continue;
    VariableStats& stats = by_name[variable];
    stats.name = variable;
    if (stats.form.empty()) stats.form = text_member(check, "form");
    const double failed = number_member(check, "failed").value_or(0.0);
    stats.failures += failed;
    stats.evaluated += number_member(check, "evaluated").value_or(0.0);
    if (failed > 0 || text_member(check, "status") == "fail") stats.failing_checks.push_back(&check);
  }
  std::vector<VariableStats> worst;
  for (auto& [name, stats] : by_name) {
    if (!stats.failing_checks.empty()) worst.push_back(std::move(stats));
  }
  const auto rate = [](const VariableStats& s) { return s.evaluated > 0 ? s.failures / s.evaluated : 0.0; };
  std::stable_sort(worst.begin(), worst.end(), [&](const VariableStats& a, const VariableStats& b) {
    if (a.failures != b.failures) return a.failures > b.failures;
    return rate(a) > rate(b);
  });
  return worst;
}

// Check indices by category: Kahn order, then any others alphabetically; "Other" for none.
std::vector<std::pair<std::string, std::vector<std::size_t>>> by_category(const Json& checks) {
  std::map<std::string, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < checks.size(); ++i) {
    if (!checks[i].is_object()) continue;
    const std::string category = text_member(member(checks[i], "kahn"), "category");
    groups[category.empty() ? "Other" : category].push_back(i);
  }
  std::vector<std::pair<std::string, std::vector<std::size_t>>> ordered;
  for (const std::string_view name : kKahnOrder) {
    const auto it = groups.find(std::string(name));
    if (it == groups.end()) continue;
    ordered.emplace_back(it->first, std::move(it->second));
    groups.erase(it);
  }
  for (auto& [name, list] : groups) ordered.emplace_back(name, std::move(list));
  // Failing checks first, then passing, then not applicable; JSON order within each.
  const auto rank = [&checks](std::size_t i) {
    const std::string status = text_member(checks[i], "status");
    return status == "fail" ? 0 : status == "pass" ? 1 : 2;
  };
  for (auto& [name, list] : ordered) {
    std::stable_sort(list.begin(), list.end(), [&](std::size_t a, std::size_t b) { return rank(a) < rank(b); });
  }
  return ordered;
}

void append_check_row(std::string& out, const Json& check, bool failures_shown) {
  const std::string id = text_member(check, "id");
  const std::string status = text_member(check, "status");
  const std::string row_class = status == "pass" ? "status-pass" : status == "fail" ? "status-fail" : "status-na";
  out += "<tr id=\"" + anchor_id("check-", id) + "\" class=\"" + row_class + "\"><td>";
  append_status_badge(out, status);
  const std::string severity = text_member(check, "severity");
  if (!severity.empty()) {
    out += "<div class=\"muted\">";
    append_escaped(out, severity);
    out += "</div>";
  }
  out += "</td><td><code class=\"id\">";
  // Break long ids only after a dot: "conformance.<wbr>datatype.<wbr>diagnosis_date".
  for (std::size_t start = 0; start < id.size();) {
    const std::size_t dot = std::min(id.find('.', start), id.size() - 1);
    append_escaped(out, std::string_view(id).substr(start, dot + 1 - start));
    start = dot + 1;
    if (start < id.size()) out += "<wbr>";
  }
  out += "</code>";
  const std::string subcategory = text_member(member(check, "kahn"), "subcategory");
  const std::string context = text_member(member(check, "kahn"), "context");
  if (!subcategory.empty() || !context.empty()) {
    out += "<div class=\"muted\">";
    append_escaped(out, context + (context.empty() || subcategory.empty() ? "" : " \xC2\xB7 ") + subcategory);
    out += "</div>";
  }
  out += "</td><td>";
  append_escaped(out, text_member(check, "variable"));
  const std::string form = text_member(check, "form");
  if (!form.empty()) {
    out += "<div class=\"muted\">";
    append_escaped(out, form);
    out += "</div>";
  }
  out += "</td><td>";
  append_escaped(out, text_member(check, "description"));
  const std::string rule = text_member(check, "rule");
  if (!rule.empty()) {
    out += "<div class=\"rule\"><span class=\"muted\">rule</span> <code>";
    append_escaped(out, truncate_text(rule, 600));
    out += "</code></div>";
  }
  if (failures_shown) {
    out += "<div><a class=\"jump\" href=\"#" + anchor_id("failures-", id) + "\">failing cells \xE2\x86\x93</a></div>";
  }
  out += "</td><td class=\"num\">" + format_count(number_member(check, "evaluated")) +
         "</td><td class=\"num\">" + format_count(number_member(check, "failed")) + "</td><td class=\"num\">";
  append_escaped(out, format_rate(number_member(check, "rate")));
  out += "</td><td class=\"num\">";
  append_escaped(out, format_rate(number_member(check, "threshold")));
  out += "</td></tr>";
}

}  // namespace

void render_worst_variables(std::string& out, const Json& quality) {
  out += "<section id=\"worst-variables\"><h2>Worst variables</h2>";
  const auto worst = variable_stats(array_member(quality, "checks"));
  if (worst.empty()) {
    out += "<p class=\"empty ok\">\xE2\x9C\x93 No variable has failing cells.</p></section>";
    return;
  }
  out += "<table><thead><tr><th>Variable</th><th>Form</th><th class=\"num\">Failing cells</th>"
         "<th class=\"num\">Cells checked</th><th class=\"num\">Rate</th><th>Checks with failures</th>"
         "</tr></thead><tbody>";
  const std::size_t shown = std::min(worst.size(), kMaxWorstVariables);
  for (std::size_t i = 0; i < shown; ++i) {
    const VariableStats& stats = worst[i];
    out += "<tr><td><code>";
    append_escaped(out, stats.name);
    out += "</code></td><td>";
    append_escaped(out, stats.form);
    out += "</td><td class=\"num strong\">" + format_count(stats.failures) + "</td><td class=\"num\">" +
           format_count(stats.evaluated) + "</td><td class=\"num\">";
    append_escaped(out, format_rate(stats.evaluated > 0 ? std::optional(stats.failures / stats.evaluated)
                                                        : std::nullopt));
    out += "</td><td class=\"links\">";
    for (std::size_t k = 0; k < stats.failing_checks.size(); ++k) {
      if (k > 0) out += ' ';
      const std::string id = text_member(*stats.failing_checks[k], "id");
      append_check_link(out, id, id);
    }
    out += "</td></tr>";
  }
  out += "</tbody></table>";
  if (worst.size() > shown) {
    out += fmt::format("<p class=\"note\">{} more variables with failures are not listed; see the "
                       "checks below.</p>",
                       worst.size() - shown);
  }
  out += "</section>";
}

void render_checks(std::string& out, const Json& quality, const FailureRows& rows) {
  out += "<section id=\"checks\"><h2>Checks</h2>";
  const Json& all_checks = array_member(quality, "checks");
  const auto groups = by_category(all_checks);
  if (groups.empty()) {
    out += "<p class=\"empty\">No checks in the results.</p></section>";
    return;
  }
  // CSS-only filter: works without script; unchecked (all rows) when CSS is off too.
  out += "<input type=\"checkbox\" id=\"only-failing\" class=\"toggle\">"
         "<label for=\"only-failing\" class=\"toggle-label\">Show failing checks only</label>";
  for (const auto& [category, checks] : groups) {
    const auto passed = std::count_if(checks.begin(), checks.end(), [&](std::size_t i) {
      return text_member(all_checks[i], "status") == "pass";
    });
    out += "<div class=\"check-group\"><h3 id=\"" + anchor_id("category-", category) + "\">";
    append_escaped(out, category);
    out += fmt::format(" <span class=\"muted\">{} of {} checks pass</span></h3>", passed, checks.size());
    // Fixed column widths keep the tables of all categories aligned.
    out += "<table class=\"checks\"><colgroup><col class=\"w-status\"><col class=\"w-id\">"
           "<col class=\"w-var\"><col><col class=\"w-eval\"><col class=\"w-failed\"><col class=\"w-rate\">"
           "<col class=\"w-threshold\"></colgroup><thead><tr><th>Status / severity</th><th>Check</th><th>Variable</th>"
           "<th>Description and rule</th><th class=\"num\">Evaluated</th>"
           "<th class=\"num\">Failed</th><th class=\"num\">Rate</th><th class=\"num\">Threshold</th>"
           "</tr></thead><tbody>";
    for (const std::size_t i : checks) append_check_row(out, all_checks[i], rows.checks_shown.contains(i));
    out += "</tbody></table></div>";
  }
  out += "</section>";
}

}  // namespace oncoshare::quality::detail
