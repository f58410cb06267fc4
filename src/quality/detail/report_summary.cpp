// Report sections about the run as a whole: header, score table, charts.
#include <algorithm>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "quality/detail/html_escape.hpp"
#include "quality/detail/report_sections.hpp"
#include "quality/detail/svg_chart.hpp"

namespace oncoshare::quality::detail {
namespace {

// "pass" / "fail" from summary.status, else from score vs fail_under; "" when unknown.
// Without a fail_under threshold only a failure is shown: "pass" would claim a check
// that was never asked for.
std::string overall_status(const Json& summary) {
  const std::string status = text_member(summary, "status");
  const auto score = number_member(summary, "score");
  const auto fail_under = number_member(summary, "fail_under");
  if (!fail_under) return status == "fail" ? status : "";
  if (!status.empty()) return status;
  if (!score) return "";
  return *score < *fail_under ? "fail" : "pass";
}

void append_input(std::string& out, std::string_view name, const Json& value) {
  out += "<dt>";
  append_escaped(out, name);
  out += "</dt><dd>";
  const auto append_one = [&out](const Json& item) {
    out += "<code>";
    append_escaped(out, item.is_string() ? item.get<std::string>() : item.dump());
    out += "</code>";
  };
  if (value.is_array()) {
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (i > 0) out += ", ";
      append_one(value[i]);
    }
  } else {
    append_one(value);
  }
  out += "</dd>";
}

void append_inputs(std::string& out, const Json& inputs) {
  if (!inputs.is_object() || inputs.empty()) return;
  out += "<dl class=\"inputs\">";
  for (const auto& [key, value] : inputs.items()) {  // keys come sorted from nlohmann::json
    const bool absent = value.is_null() || (value.is_string() && value.get<std::string>().empty()) ||
                        (value.is_array() && value.empty());
    if (!absent) append_input(out, key, value);
  }
  out += "</dl>";
}

void append_tile(std::string& out, std::string_view label, const std::string& value) {
  out += "<div class=\"tile\"><div class=\"tile-value\">";
  append_escaped(out, value);
  out += "</div><div class=\"tile-label\">";
  append_escaped(out, label);
  out += "</div></div>";
}

// Sum of every family row; used when the producer wrote no "total" row.
Json computed_total(const std::vector<const Json*>& families) {
  Json total = {{"family", "total"}};
  for (const char* key : {"fail", "pass", "total", "weight", "score"}) {
    double sum = 0.0;
    for (const Json* row : families) sum += number_member(*row, key).value_or(0.0);
    total[key] = sum;
  }
  return total;
}

void append_score_row(std::string& out, const Json& row, std::size_t number) {
  out += "<tr><td class=\"num\">" + std::to_string(number) + "</td><td>";
  append_escaped(out, text_member(row, "category"));
  out += "</td><td>";
  const std::string label = text_member(row, "label");
  append_escaped(out, label.empty() ? text_member(row, "family") : label);
  out += "</td>";
  for (const char* key : {"fail", "pass", "total", "weight"}) {
    out += "<td class=\"num\">" + format_plain(number_member(row, key)) + "</td>";
  }
  const std::string score = format_fixed(number_member(row, "score"), 2);
  out += "<td class=\"num strong\">" + score + "%</td><td class=\"arith\">";
  if (number_member(row, "total") == 0.0) {
    out += "nothing to check \xE2\x86\x92 " + score;  // 0/0 has no arithmetic to show
  } else {
    out += format_plain(number_member(row, "pass")) + "/" + format_plain(number_member(row, "total")) +
           " \xC3\x97 " + format_plain(number_member(row, "weight")) + " = " + score;
  }
  out += "</td></tr>";
}

void append_total_row(std::string& out, const Json& total, const std::vector<const Json*>& families) {
  out += "<tr class=\"total\"><td></td><td colspan=\"2\">Total</td>";
  for (const char* key : {"fail", "pass", "total", "weight"}) {
    out += "<td class=\"num\">" + format_plain(number_member(total, key)) + "</td>";
  }
  const std::string score = format_fixed(number_member(total, "score"), 2);
  out += "<td class=\"num strong\">" + score + "%</td><td class=\"arith\">";
  for (std::size_t i = 0; i < families.size(); ++i) {
    if (i > 0) out += " + ";
    out += format_fixed(number_member(*families[i], "score"), 2);
  }
  out += " = " + score + "</td></tr>";
}

// Lowest scores first when there are too many bars, else in the JSON's (sorted) order.
std::vector<ChartBar> score_bars(const Json& scores, bool sites, std::size_t& total) {
  std::vector<ChartBar> bars;
  total = 0;
  if (!scores.is_object()) return bars;
  for (const auto& [key, value] : scores.items()) {
    if (!value.is_number()) continue;
    bars.push_back({sites ? site_label(key) : key, value.get<double>(), ""});
  }
  total = bars.size();
  if (bars.size() > kMaxChartBars) {
    std::stable_sort(bars.begin(), bars.end(),
                     [](const ChartBar& a, const ChartBar& b) { return a.value < b.value; });
    bars.resize(kMaxChartBars);
  }
  return bars;
}

std::vector<ChartBar> category_bars(const Json& checks) {
  std::vector<std::string> order(std::begin(kKahnOrder), std::end(kKahnOrder));
  std::map<std::string, std::pair<int, int>> counts;  // category -> (pass, applicable)
  for (const Json& check : checks) {
    const std::string status = text_member(check, "status");
    if (status != "pass" && status != "fail") continue;
    std::string category = text_member(member(check, "kahn"), "category");
    if (category.empty()) category = "Other";
    auto& [pass, applicable] = counts[category];
    pass += status == "pass" ? 1 : 0;
    ++applicable;
    if (std::find(order.begin(), order.end(), category) == order.end()) order.push_back(category);
  }
  std::sort(order.begin() + std::size(kKahnOrder), order.end());
  std::vector<ChartBar> bars;
  for (const std::string& category : order) {
    const auto it = counts.find(category);
    if (it == counts.end()) continue;
    const auto [pass, applicable] = it->second;
    bars.push_back({category, 100.0 * pass / applicable,
                    fmt::format("{} of {} checks pass", pass, applicable)});
  }
  return bars;
}

void append_figure(std::string& out, const BarChart& chart, std::string_view caption,
                   std::size_t total) {
  out += "<figure><figcaption>";
  append_escaped(out, caption);
  if (total > chart.bars.size()) {
    out += fmt::format(" <span class=\"note\">({} lowest of {} shown)</span>", chart.bars.size(), total);
  }
  out += "</figcaption>" + render_bar_chart(chart) + "</figure>";
}

}  // namespace

void append_status_badge(std::string& out, std::string_view status) {
  if (status == "pass") {
    out += "<span class=\"badge pass\">\xE2\x9C\x93 Pass</span>";
  } else if (status == "fail") {
    out += "<span class=\"badge fail\">\xE2\x9C\x97 Fail</span>";
  } else if (status == "not_applicable") {
    out += "<span class=\"badge na\">\xE2\x80\x93 N/A</span>";
  } else {
    out += "<span class=\"badge na\">";
    append_escaped(out, status.empty() ? "\xE2\x80\x93" : status);
    out += "</span>";
  }
}

void append_check_link(std::string& out, std::string_view check_id, std::string_view text) {
  out += "<a href=\"#" + anchor_id("check-", check_id) + "\">";
  append_escaped(out, text);
  out += "</a>";
}

std::string site_label(std::string_view site) {
  return site.empty() ? "(no group)" : std::string(site);
}

void render_header(std::string& out, const Json& quality) {
  const Json& summary = member(quality, "summary");
  const std::string status = overall_status(summary);
  const auto fail_under = number_member(summary, "fail_under");
  out += "<header class=\"top\"><div class=\"intro\"><h1>Data quality report</h1>";
  append_inputs(out, member(quality, "inputs"));
  out += "</div><div class=\"score-card " + std::string(status == "fail" ? "fail" : status == "pass" ? "pass" : "none") +
         "\"><div class=\"score-label\">Overall score</div><div class=\"score\">" +
         format_fixed(number_member(summary, "score"), 2) + "<span class=\"unit\">%</span></div>";
  if (status == "pass") {
    out += "<div class=\"verdict pass\">\xE2\x9C\x93 PASS</div>";
  } else if (status == "fail") {
    out += "<div class=\"verdict fail\">\xE2\x9C\x97 FAIL</div>";
  }
  out += "<div class=\"threshold\">";
  out += fail_under ? "fail under " + format_plain(fail_under) + "%" : std::string("no fail-under threshold set");
  out += "</div></div></header>";

  const Json& records = member(member(quality, "scores"), "records");
  out += "<section class=\"tiles\" aria-label=\"Run summary\">";
  append_tile(out, "rows", format_count(number_member(summary, "rows")));
  append_tile(out, "records", format_count(number_member(summary, "records")));
  append_tile(out, "cells checked", format_count(number_member(summary, "cells_checked")));
  append_tile(out, "checks", format_count(number_member(summary, "checks")));
  append_tile(out, "checks failed", format_count(number_member(summary, "checks_failed")));
  append_tile(out, "failing cells", format_count(number_member(summary, "failures")));
  append_tile(out, "mean record score", format_fixed(number_member(records, "mean"), 2));
  append_tile(out, "lowest record score", format_fixed(number_member(records, "min"), 2));
  const auto min_score = number_member(records, "min_score");
  append_tile(out, min_score ? "records scoring below " + format_plain(min_score) : "records below minimum",
              format_count(number_member(records, "below_min_score")));
  out += "</section>";
}

void render_score_table(std::string& out, const Json& quality) {
  out += "<section id=\"scores\"><h2>Score</h2>";
  std::vector<const Json*> families;
  const Json* total = nullptr;
  for (const Json& row : array_member(quality, "score_table")) {
    if (!row.is_object()) continue;
    if (text_member(row, "family") == "total") {
      total = &row;
    } else {
      families.push_back(&row);
    }
  }
  if (families.empty() && total == nullptr) {
    out += "<p class=\"empty\">No score table in the results.</p></section>";
    return;
  }
  out += "<p class=\"lead\">Each family scores pass/total \xC3\x97 weight; the overall score is "
         "their sum.</p><table class=\"score-table\"><thead><tr><th class=\"num\">#</th>"
         "<th>Dimension</th><th>Type</th><th class=\"num\">Fail</th><th class=\"num\">Pass</th>"
         "<th class=\"num\">Total</th><th class=\"num\">Weight</th><th class=\"num\">Score</th>"
         "<th>Arithmetic</th></tr></thead><tbody>";
  for (std::size_t i = 0; i < families.size(); ++i) append_score_row(out, *families[i], i);
  const Json computed = total == nullptr ? computed_total(families) : Json();
  append_total_row(out, total != nullptr ? *total : computed, families);
  out += "</tbody></table></section>";
}

void render_charts(std::string& out, const Json& quality) {
  const Json& scores = member(quality, "scores");
  const auto fail_under = number_member(member(quality, "summary"), "fail_under");
  out += "<section id=\"charts\"><h2>Charts</h2><div class=\"charts\">";
  const auto categories = category_bars(array_member(quality, "checks"));
  append_figure(out, {"chart-category", "Pass rate per Kahn category", categories, std::nullopt},
                "Checks passing per Kahn category", categories.size());
  std::size_t total = 0;
  auto forms = score_bars(member(scores, "by_form"), false, total);
  append_figure(out, {"chart-form", "Score per form", std::move(forms), fail_under}, "Score per form", total);
  auto sites = score_bars(member(scores, "by_site"), true, total);
  append_figure(out, {"chart-site", "Score per site", std::move(sites), fail_under}, "Score per site", total);
  out += "</div></section>";
}

}  // namespace oncoshare::quality::detail
