#include "analytics/query_statistic.hpp"

#include <fmt/format.h>

#include "analytics/local_stats.hpp"
#include "analytics/survival_counts.hpp"

namespace oncoshare::analytics {

namespace {

core::Result<std::vector<double>> numbers(const nlohmann::json& params, const char* key) {
  if (!params.contains(key) || !params[key].is_array()) {
    return core::fail(core::bad_input(fmt::format("field '{}': required array of numbers", key)));
  }
  std::vector<double> out;
  for (const auto& v : params[key]) {
    if (!v.is_number()) return core::fail(core::bad_input(fmt::format("field '{}': expected numbers, got {}", key, v.dump())));
    out.push_back(v.get<double>());
  }
  return out;
}

}  // namespace

std::string string_field(const nlohmann::json& params, const char* key, std::string fallback) {
  return params.contains(key) && params[key].is_string() ? params[key].get<std::string>() : fallback;
}

core::Result<Statistic> compute_statistic(const StudyTable& table, const Filter& filter, const nlohmann::json& params,
                                          std::string_view type) {
  Statistic s;
  if (type == "count") {
    s.cells = {count_rows(table, filter)};
    s.shape = nlohmann::json::object();
  } else if (type == "crosstab") {
    auto tab = cross_tabulate(table, filter, string_field(params, "rows"), string_field(params, "columns"));
    if (!tab) return core::fail(tab.error());
    s.cells = tab->counts;
    s.shape = {{"rows", tab->row_variable}, {"columns", tab->column_variable},
               {"row_codes", tab->row_codes}, {"column_codes", tab->column_codes}, {"missing_level", true}};
  } else if (type == "histogram") {
    auto edges = numbers(params, "edges");
    if (!edges) return core::fail(edges.error());
    auto h = histogram(table, filter, string_field(params, "variable"), *edges);
    if (!h) return core::fail(h.error());
    s.cells = h->counts;
    s.shape = {{"variable", h->variable}, {"edges", h->edges}, {"layout", "below, bins..., above, missing"}};
  } else if (type == "km") {
    auto grid = numbers(params, "grid");
    if (!grid) return core::fail(grid.error());
    SurvivalQuery query;
    query.time = string_field(params, "time", query.time);
    query.event = string_field(params, "event", query.event);
    query.event_code = string_field(params, "event_code", query.event_code);
    query.group = string_field(params, "group");
    auto counts = survival_counts(table, filter, query, *grid);
    if (!counts) return core::fail(counts.error());
    s.cells = counts->to_vector();
    s.shape = {{"grid", counts->grid}, {"groups", counts->groups}, {"group_labels", counts->group_labels},
               {"layout", "at_risk_at_start[groups], events[groups x grid], censored[groups x grid], excluded"}};
    // One patient counts once at the start and once as an event or censoring.
    s.sensitivity = 2;
  } else {
    return core::fail(core::bad_input(fmt::format("unknown query type '{}' (count, crosstab, histogram, km)", type)));
  }
  return s;
}

}  // namespace oncoshare::analytics
