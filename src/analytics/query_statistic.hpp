// The aggregate statistic a federated query asks of one table, from the query's JSON
// parameters: what a node computes for /query/{count,crosstab,histogram,km}, and what the
// demo computes on the pooled table to show the federated answer is the same.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/filter.hpp"
#include "analytics/study_table.hpp"

namespace oncoshare::analytics {

struct Statistic {
  std::vector<std::int64_t> cells;  // the integer vector sites add up (or encrypt)
  nlohmann::json shape;             // what the cells mean: variables, codes, grid, layout
  std::int64_t sensitivity = 1;     // cells one patient can change, for the noise scale
};

// `type` is count | crosstab (rows, columns optional) | histogram (variable, edges) |
// km (grid, time, event, event_code, group). Fails (bad_input naming the field or
// variable) on missing or wrongly typed parameters and unknown variables.
[[nodiscard]] core::Result<Statistic> compute_statistic(const StudyTable& table, const Filter& filter,
                                                        const nlohmann::json& params, std::string_view type);

// params[key] when it is a string, else `fallback`.
[[nodiscard]] std::string string_field(const nlohmann::json& params, const char* key, std::string fallback = {});

}  // namespace oncoshare::analytics
