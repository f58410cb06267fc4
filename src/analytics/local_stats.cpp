#include "analytics/local_stats.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analytics/detail/columns.hpp"

namespace oncoshare::analytics {

std::int64_t count_rows(const StudyTable& table, const Filter& filter) {
  std::int64_t n = 0;
  for (std::size_t row = 0; row < table.rows(); ++row) n += filter.keep(row) ? 1 : 0;
  return n;
}

core::Result<CrossTab> cross_tabulate(const StudyTable& table, const Filter& filter,
                                      const std::string& row_variable,
                                      const std::string& column_variable) {
  auto rows = detail::column_of(table, row_variable, {ValueType::categorical});
  if (!rows) return core::fail(rows.error());
  // No column variable: a one-way table (one column holding every row).
  const StudyColumn* cols = nullptr;
  if (!column_variable.empty()) {
    auto found = detail::column_of(table, column_variable, {ValueType::categorical});
    if (!found) return core::fail(found.error());
    cols = *found;
  }
  CrossTab out{row_variable, column_variable, detail::codes(**rows),
               cols != nullptr ? detail::codes(*cols) : std::vector<std::string>{}, {}};
  const std::size_t width = out.width();
  out.counts.assign((out.row_codes.size() + 1) * width, 0);
  for (std::size_t row = 0; row < table.rows(); ++row) {
    if (!filter.keep(row)) continue;
    auto level = [](const StudyColumn& c, std::size_t r, std::size_t missing) {
      return c.levels[r] < 0 ? missing : static_cast<std::size_t>(c.levels[r]);
    };
    ++out.counts[level(**rows, row, out.row_codes.size()) * width +
                 (cols != nullptr ? level(*cols, row, out.column_codes.size()) : 0)];
  }
  return out;
}

core::Result<Histogram> histogram(const StudyTable& table, const Filter& filter,
                                  const std::string& variable, const std::vector<double>& edges) {
  auto column = detail::column_of(table, variable, {ValueType::numeric, ValueType::date});
  if (!column) return core::fail(column.error());
  if (edges.size() < 2) return core::bad_input("histogram: at least two bin edges are needed");
  for (std::size_t i = 0; i < edges.size(); ++i) {
    if (!std::isfinite(edges[i]) || (i > 0 && edges[i] <= edges[i - 1])) {
      return core::bad_input(fmt::format(
          "histogram: bin edges must be finite and strictly increasing (edge {} is {})", i + 1,
          edges[i]));
    }
  }
  Histogram out{variable, edges, std::vector<std::int64_t>(edges.size() + 2, 0)};
  const std::size_t above = edges.size(), missing = edges.size() + 1;
  for (std::size_t row = 0; row < table.rows(); ++row) {
    if (!filter.keep(row)) continue;
    const double x = (*column)->numbers[row];
    std::size_t cell = 0;
    if (std::isnan(x)) {
      cell = missing;
    } else if (x < edges.front()) {
      cell = 0;
    } else if (x > edges.back()) {
      cell = above;
    } else if (x == edges.back()) {
      cell = edges.size() - 1;  // the last bin is closed
    } else {
      cell = static_cast<std::size_t>(std::upper_bound(edges.begin(), edges.end(), x) -
                                      edges.begin());
    }
    ++out.counts[cell];
  }
  return out;
}

core::Status add_counts(std::vector<std::int64_t>& total, std::span<const std::int64_t> part) {
  if (total.size() != part.size()) {
    return core::bad_input(fmt::format("cannot add a statistic of {} cells to one of {} cells",
                                       part.size(), total.size()));
  }
  for (std::size_t i = 0; i < total.size(); ++i) total[i] += part[i];
  return {};
}

}  // namespace oncoshare::analytics
