// Local sufficient statistics for counts, cross-tabulations and histograms: integer
// vectors of a shape every site derives from the dictionary and the query alone, so
// sites' vectors can be encrypted and added cell by cell (secure::CiphertextVector).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "analytics/filter.hpp"
#include "analytics/study_table.hpp"
#include "core/result.hpp"

namespace oncoshare::analytics {

// Number of rows `filter` keeps.
[[nodiscard]] std::int64_t count_rows(const StudyTable& table, const Filter& filter);

// Counts of two categorical variables. Levels are all the dictionary's choice codes in
// dictionary order plus a last "missing" level, so the shape is the same at every site.
struct CrossTab {
  std::string row_variable, column_variable;
  std::vector<std::string> row_codes, column_codes;  // without the missing level
  // (row_codes.size()+1) x width(), row-major; last row/column: missing.
  std::vector<std::int64_t> counts;
  // Columns: the codes plus missing, or 1 for a one-way table (no column variable).
  [[nodiscard]] std::size_t width() const { return column_variable.empty() ? 1 : column_codes.size() + 1; }
  [[nodiscard]] std::int64_t at(std::size_t row, std::size_t column) const { return counts[row * width() + column]; }
};

// An empty `column_variable` gives a one-way table (counts by the row variable).
// Fails when a variable is unknown or not categorical (the error names it).
[[nodiscard]] core::Result<CrossTab> cross_tabulate(const StudyTable& table, const Filter& filter,
                                                    const std::string& row_variable,
                                                    const std::string& column_variable);

// Counts of a numeric or date variable in bins [e0,e1), [e1,e2), ..., [e(k-1),ek]
// (the last bin is closed), with values below e0, above ek and missing counted apart.
struct Histogram {
  std::string variable;
  std::vector<double> edges;
  // edges.size()+2 entries: below, the edges.size()-1 bins, above, missing.
  std::vector<std::int64_t> counts;
};

// Fails when the variable is unknown or not numeric/date, or the edges are fewer than two,
// not finite or not strictly increasing.
[[nodiscard]] core::Result<Histogram> histogram(const StudyTable& table, const Filter& filter,
                                                const std::string& variable,
                                                const std::vector<double>& edges);

// total += part, cell by cell: how pooled statistics are formed from site statistics.
// Fails (bad_input) when the sizes differ.
[[nodiscard]] core::Status add_counts(std::vector<std::int64_t>& total,
                                      std::span<const std::int64_t> part);

}  // namespace oncoshare::analytics
