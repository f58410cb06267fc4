#include "coordinator/study_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "analytics/km_format.hpp"
#include "analytics/km_svg.hpp"
#include "core/html_escape.hpp"

namespace oncoshare::coordinator {

namespace {

using nlohmann::json;

// One labelled table: header row, then rows of cells (all strings).
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

std::string level_name(const StudyResult& result, const std::string& variable, const std::vector<std::string>& codes,
                       std::size_t k) {
  if (k >= codes.size()) return "(missing)";
  std::string label = choice_label(result.dataset_catalog, variable, codes[k]);
  return label == codes[k] ? codes[k] : fmt::format("{} {}", codes[k], label);
}

std::string edge_text(double value) { return fmt::format("{:g}", value); }

// count, crosstab and histogram answers as a table.
Table count_table(const StudyResult& result, const PooledAnswer& a) {
  Table t;
  if (a.query.type == "count") {
    t.header = {"filter", "patients"};
    t.rows.push_back({a.query.params.value("filter", "(all)"), cell_text(a, 0)});
  } else if (a.query.type == "crosstab") {
    const auto rows = a.shape["row_codes"].get<std::vector<std::string>>();
    const auto cols = a.shape["column_codes"].get<std::vector<std::string>>();
    const std::string row_var = a.shape["rows"], col_var = a.shape["columns"];
    const std::size_t width = col_var.empty() ? 1 : cols.size() + 1;
    t.header.push_back(row_var);
    if (col_var.empty()) t.header.push_back("patients");
    for (std::size_t c = 0; !col_var.empty() && c < width; ++c) t.header.push_back(level_name(result, col_var, cols, c));
    for (std::size_t r = 0; r <= rows.size(); ++r) {
      std::vector<std::string> line{level_name(result, row_var, rows, r)};
      for (std::size_t c = 0; c < width; ++c) line.push_back(cell_text(a, r * width + c));
      t.rows.push_back(std::move(line));
    }
  } else {
    const auto edges = a.shape["edges"].get<std::vector<double>>();
    t.header = {a.shape["variable"].get<std::string>(), "patients"};
    t.rows.push_back({fmt::format("< {}", edge_text(edges.front())), cell_text(a, 0)});
    for (std::size_t b = 0; b + 1 < edges.size(); ++b) {
      const char* close = b + 2 == edges.size() ? "]" : ")";
      t.rows.push_back({fmt::format("[{}, {}{}", edge_text(edges[b]), edge_text(edges[b + 1]), close), cell_text(a, b + 1)});
    }
    t.rows.push_back({fmt::format("> {}", edge_text(edges.back())), cell_text(a, edges.size())});
    t.rows.push_back({"(missing)", cell_text(a, edges.size() + 1)});
  }
  return t;
}

std::string text_table(const Table& t) {
  std::vector<std::size_t> width(t.header.size(), 0);
  auto measure = [&](const std::vector<std::string>& line) {
    for (std::size_t i = 0; i < line.size(); ++i) width[i] = std::max(width[i], line[i].size());
  };
  measure(t.header);
  for (const auto& r : t.rows) measure(r);
  auto render = [&](const std::vector<std::string>& line) {
    std::string out = " ";
    for (std::size_t i = 0; i < line.size(); ++i) {
      out += i == 0 ? fmt::format(" {:<{}}", line[i], width[i]) : fmt::format("  {:>{}}", line[i], width[i]);
    }
    return out + "\n";
  };
  std::string out = render(t.header);
  for (const auto& r : t.rows) out += render(r);
  return out;
}

std::string number(double value) { return std::isnan(value) ? "NA" : fmt::format("{:.4g}", value); }

// Survival at `time`: the estimate of the last grid row at or before it (1 before any).
double survival_at(const analytics::KmCurve& curve, double time) {
  double s = 1;
  for (const auto& row : curve.rows) {
    if (row.time > time) break;
    s = row.surv;
  }
  return s;
}

// Per group: patients, events, median with its interval, survival at 1, 3 and 5 years
// (the full life table is in the JSON and HTML renderings).
Table km_summary_table(const analytics::KmResult& km) {
  Table t{{"group", "n", "events", "median", "95% CI", "S(1y)", "S(3y)", "S(5y)"}, {}};
  for (const auto& curve : km.curves) {
    const double horizon = curve.rows.empty() ? 0 : curve.rows.back().time;
    auto at = [&](double days) { return days <= horizon ? number(survival_at(curve, days)) : std::string("-"); };
    t.rows.push_back({curve.label, std::to_string(curve.n), std::to_string(curve.events), number(curve.median),
                      fmt::format("{} - {}", number(curve.median_lower), number(curve.median_upper)), at(365.25),
                      at(3 * 365.25), at(5 * 365.25)});
  }
  return t;
}

std::string provenance_text(const PooledAnswer& a) {
  std::string out = fmt::format("  nodes: {} | {}\n", fmt::join(a.contributors, ", "), a.method);
  if (!a.noise.is_null()) {
    out += fmt::format("  noise: differential privacy, epsilon {} per node answer; standard deviation {:.1f} per cell\n",
                       a.noise.value("epsilon", std::string("?")), noise_sd(a));
  }
  for (const auto& f : a.failures) out += fmt::format("  left out: {}: {}\n", f.node, f.reason);
  if (std::find(a.withheld.begin(), a.withheld.end(), true) != a.withheld.end()) {
    out += fmt::format("  cells shown as <{} are withheld (minimum cell size)\n", a.min_cell_size);
  }
  return out;
}

json cells_json(const PooledAnswer& a) {
  json cells = json::array();
  for (std::size_t k = 0; k < a.cells.size(); ++k) cells.push_back(a.withheld[k] ? json(nullptr) : json(a.cells[k]));
  return cells;
}

std::string html_table(const Table& t) {
  std::string out = "<table><thead><tr>";
  for (const auto& h : t.header) out += "<th>" + core::escape_html(h) + "</th>";
  out += "</tr></thead><tbody>";
  for (const auto& r : t.rows) {
    out += "<tr>";
    for (std::size_t i = 0; i < r.size(); ++i) out += (i == 0 ? "<th>" : "<td>") + core::escape_html(r[i]) + (i == 0 ? "</th>" : "</td>");
    out += "</tr>";
  }
  return out + "</tbody></table>\n";
}

}  // namespace

std::string cell_text(const PooledAnswer& answer, std::size_t index) {
  if (index < answer.withheld.size() && answer.withheld[index]) return fmt::format("<{}", answer.min_cell_size);
  return std::to_string(answer.cells.at(index));
}

std::string study_text(const StudyResult& result) {
  std::string out = fmt::format("Study: {} (dataset '{}', {} mode)\n", result.title.empty() ? "untitled" : result.title,
                                result.dataset, result.mode == QueryMode::encrypted ? "encrypted" : "plaintext");
  out += fmt::format("Nodes answering: {}\n", fmt::join(result.nodes, ", "));
  for (const auto& f : result.unreachable) out += fmt::format("Unreachable: {}: {}\n", f.node, f.reason);
  for (const auto& q : result.queries) {
    const PooledAnswer& a = q.answer;
    out += fmt::format("\n== {} ({})\n", a.query.name, a.query.type);
    if (a.query.params.contains("filter")) out += fmt::format("  filter: {}\n", a.query.params["filter"].get<std::string>());
    if (q.model) {
      out += model_text(*q.model);
      continue;
    }
    out += provenance_text(a);
    if (q.km) {
      out += fmt::format("  time grid: {} points up to {:g}; excluded (no time, event or group): {}\n",
                         a.shape["grid"].size(), a.shape["grid"].back().get<double>(), q.km->excluded);
      out += text_table(km_summary_table(*q.km));
      if (q.log_rank) out += analytics::log_rank_text(*q.log_rank);
    } else {
      out += text_table(count_table(result, a));
    }
  }
  return out;
}

json study_json(const StudyResult& result) {
  json unreachable = json::array();
  for (const auto& f : result.unreachable) unreachable.push_back({{"node", f.node}, {"reason", f.reason}});
  json queries = json::array();
  for (const auto& q : result.queries) {
    const PooledAnswer& a = q.answer;
    json failures = json::array();
    for (const auto& f : a.failures) failures.push_back({{"node", f.node}, {"reason", f.reason}});
    if (q.model) {
      json item = model_json(*q.model);
      item["name"] = a.query.name;
      item["type"] = a.query.type;
      item["parameters"] = a.query.params;
      queries.push_back(std::move(item));
      continue;
    }
    json item = {{"name", a.query.name}, {"type", a.query.type}, {"parameters", a.query.params},
                 {"shape", a.shape}, {"cells", cells_json(a)}, {"min_cell_size", a.min_cell_size},
                 {"contributors", a.contributors}, {"decryptors", a.decryptors}, {"failures", failures},
                 {"method", a.method}, {"noise", a.noise}};
    if (!a.evidence.is_null()) item["evidence"] = a.evidence;
    if (q.km) item["kaplan_meier"] = analytics::km_json(*q.km);
    if (q.log_rank) item["log_rank"] = analytics::log_rank_json(*q.log_rank);
    queries.push_back(std::move(item));
  }
  return {{"title", result.title}, {"dataset", result.dataset},
          {"mode", result.mode == QueryMode::encrypted ? "encrypted" : "plaintext"},
          {"nodes", result.nodes}, {"unreachable", unreachable}, {"queries", queries}};
}

std::string study_html(const StudyResult& result, const ReportCheck* check) {
  const std::string title = result.title.empty() ? "Federated study" : result.title;
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + core::escape_html(title) +
                    "</title><style>body{font-family:system-ui,sans-serif;margin:2em;max-width:60em}"
                    "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .6em}"
                    "td{text-align:right}.meta{color:#555;font-size:.9em}pre{background:#f6f6f6;padding:.5em}</style>"
                    "</head><body>\n";
  out += "<h1>" + core::escape_html(title) + "</h1>\n";
  out += "<p class=\"meta\">Dataset " + core::escape_html(result.dataset) + "; nodes answering: " +
         core::escape_html(fmt::format("{}", fmt::join(result.nodes, ", "))) + "</p>\n";
  if (check != nullptr) {
    out += std::string("<p class=\"verification\"><strong>") + (check->ok() ? "Verified" : "Verification FAILED") +
           "</strong>: <span class=\"meta\">" + core::escape_html(report_check_text(*check)) +
           " (against the federation CA; anyone can repeat it with <code>oncoshare study verify</code>)</span></p>\n";
  }
  for (const auto& q : result.queries) {
    const PooledAnswer& a = q.answer;
    out += "<h2>" + core::escape_html(a.query.name) + "</h2>\n";
    if (q.model) {
      out += "<pre>" + core::escape_html(model_text(*q.model)) + "</pre>\n";
      continue;
    }
    out += "<p class=\"meta\">" + core::escape_html(provenance_text(a)) + "</p>\n";
    if (q.km) {
      analytics::SvgOptions options;
      options.title = a.query.name;
      out += analytics::km_svg(*q.km, options) + "\n" + html_table(km_summary_table(*q.km));
      if (q.log_rank) out += "<pre>" + core::escape_html(analytics::log_rank_text(*q.log_rank)) + "</pre>\n";
      out += "<details><summary>Life table</summary><pre>" + core::escape_html(analytics::km_text(*q.km)) +
             "</pre></details>\n";
    } else {
      out += html_table(count_table(result, a));
    }
  }
  return out + "</body></html>\n";
}

}  // namespace oncoshare::coordinator
