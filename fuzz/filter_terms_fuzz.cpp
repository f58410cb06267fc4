// libFuzzer target for filters received as data (Beacon's {id, operator, value} terms):
// any bytes, split into terms, give a filter or an error naming the term, never a crash,
// and a compiled filter evaluates on every row. Terms are NUL-separated triples.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "analytics/filter.hpp"

namespace analytics = oncoshare::analytics;

namespace {

// Three rows: a categorical, a numeric and a date column, with one missing cell each.
const analytics::StudyTable& table() {
  static const analytics::StudyTable t = [] {
    analytics::StudyTable made;
    made.record_ids = {"1", "2", "3"};
    made.sites = {"", "", ""};
    analytics::StudyColumn sex{"sex", "Sex", analytics::ValueType::categorical, {{"1", "Male", {}}, {"2", "Female", {}}},
                               false, {0, 1, -1}, {}, {}};
    analytics::StudyColumn age{"age_dx", "Age", analytics::ValueType::numeric, {}, false, {},
                               {61.5, 40, std::numeric_limits<double>::quiet_NaN()}, {}};
    analytics::StudyColumn dx{"date_dx", "Diagnosis", analytics::ValueType::date, {}, false, {},
                              {18000, std::numeric_limits<double>::quiet_NaN(), 19000}, {}};
    made.columns = {sex, age, dx};
    return made;
  }();
  return t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> parts(1);
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0) parts.emplace_back();
    else parts.back() += static_cast<char>(data[i]);
  }
  std::vector<analytics::FilterTerm> terms;
  for (std::size_t i = 0; i + 2 < parts.size(); i += 3) terms.push_back({parts[i], parts[i + 1], parts[i + 2]});
  auto filter = analytics::compile_terms(terms, table());
  if (filter) {
    for (std::size_t row = 0; row < table().rows(); ++row) (void)filter->keep(row);
  }
  return 0;
}
