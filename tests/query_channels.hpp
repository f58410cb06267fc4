// The four query types a node answers in clear, each with parameters that keep a request
// small on the synthetic cohort: the small-cell boundary tests walk every one of them.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace oncoshare::test {

// (query type, the parameters to add to a request body) for count, crosstab, histogram, KM.
[[nodiscard]] inline std::vector<std::pair<std::string, nlohmann::json>> query_channels() {
  return {{"count", nlohmann::json::object()},
          {"crosstab", {{"rows", "sex"}}},
          {"histogram", {{"variable", "age_dx"}, {"edges", {0, 60, 120}}}},
          {"km", {{"grid", {360, 720, 1080}}}}};
}

}  // namespace oncoshare::test
