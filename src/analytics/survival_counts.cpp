#include "analytics/survival_counts.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "analytics/detail/columns.hpp"
#include "analytics/local_stats.hpp"

namespace oncoshare::analytics {
namespace {

constexpr std::size_t kMaxGridPoints = 100000;

}  // namespace

std::vector<std::int64_t> SurvivalCounts::to_vector() const {
  std::vector<std::int64_t> out;
  out.reserve(groups.size() + events.size() + censored.size() + 1);
  for (std::size_t g = 0; g < groups.size(); ++g) out.push_back(at_risk[index(g, 0)]);
  out.insert(out.end(), events.begin(), events.end());
  out.insert(out.end(), censored.begin(), censored.end());
  out.push_back(excluded);
  return out;
}

void SurvivalCounts::make_consistent() {
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::int64_t n = grid.empty() ? 0 : std::max<std::int64_t>(at_risk[index(g, 0)], 0);
    for (std::size_t j = 0; j < grid.size(); ++j) {
      const std::size_t i = index(g, j);
      at_risk[i] = n;
      events[i] = std::clamp<std::int64_t>(events[i], 0, n);
      censored[i] = std::clamp<std::int64_t>(censored[i], 0, n - events[i]);
      n -= events[i] + censored[i];
    }
  }
  excluded = std::max<std::int64_t>(excluded, 0);
}

core::Status SurvivalCounts::assign(std::span<const std::int64_t> values) {
  const std::size_t k = grid.size(), cells = groups.size() * k;
  if (values.size() != groups.size() + 2 * cells + 1) {
    return core::bad_input(fmt::format("survival counts: expected {} values, got {}",
                                       groups.size() + 2 * cells + 1, values.size()));
  }
  const auto* first_event = values.data() + groups.size();
  events.assign(first_event, first_event + cells);
  censored.assign(first_event + cells, first_event + 2 * cells);
  excluded = values.back();
  // Everyone still followed at the start of an interval minus those who left in it.
  at_risk.assign(cells, 0);
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::int64_t running = values[g];
    for (std::size_t j = 0; j < k; ++j) {
      at_risk[index(g, j)] = running;
      running -= events[index(g, j)] + censored[index(g, j)];
    }
  }
  return {};
}

core::Status validate_grid(const std::vector<double>& grid) {
  if (grid.empty()) return core::bad_input("time grid: no time points");
  if (grid.size() > kMaxGridPoints) {
    return core::bad_input(fmt::format("time grid: {} points, at most {}", grid.size(),
                                       kMaxGridPoints));
  }
  for (std::size_t i = 0; i < grid.size(); ++i) {
    if (!std::isfinite(grid[i]) || (i > 0 && grid[i] <= grid[i - 1])) {
      return core::bad_input(fmt::format(
          "time grid: points must be finite and strictly increasing (point {} is {})", i + 1,
          grid[i]));
    }
  }
  return {};
}

core::Result<std::vector<double>> regular_grid(double step, double max) {
  if (!(step > 0) || !(max >= 0) || !std::isfinite(max) || max / step >= kMaxGridPoints) {
    return core::bad_input(fmt::format(
        "time grid: step {} up to {} must have step > 0, max >= 0 and at most {} points", step,
        max, kMaxGridPoints));
  }
  std::vector<double> grid;
  for (std::size_t k = 1;; ++k) {
    grid.push_back(static_cast<double>(k) * step);  // k*step: no drift from repeated sums
    if (grid.back() >= max) break;
  }
  return grid;
}

core::Result<std::vector<double>> distinct_times(const StudyTable& table, const Filter& filter,
                                                 const std::string& time) {
  auto column = detail::column_of(table, time, {ValueType::numeric});
  if (!column) return core::fail(column.error());
  std::vector<double> out;
  for (std::size_t row = 0; row < table.rows(); ++row) {
    const double t = (*column)->numbers[row];
    if (filter.keep(row) && !std::isnan(t)) out.push_back(t);
  }
  return merge_grids({out});
}

std::vector<double> merge_grids(const std::vector<std::vector<double>>& grids) {
  std::vector<double> out;
  for (const auto& grid : grids) out.insert(out.end(), grid.begin(), grid.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

core::Result<SurvivalCounts> survival_counts(const StudyTable& table, const Filter& filter,
                                             const SurvivalQuery& query,
                                             const std::vector<double>& grid) {
  ONCOSHARE_TRY(validate_grid(grid));
  auto time = detail::column_of(table, query.time, {ValueType::numeric});
  if (!time) return core::fail(time.error());
  auto event = detail::column_of(table, query.event, {ValueType::categorical});
  if (!event) return core::fail(event.error());
  const std::int32_t event_level = (*event)->level_of(query.event_code);
  if (event_level < 0) {
    return core::bad_input(fmt::format("'{}' is not a choice code of '{}'", query.event_code,
                                        query.event), core::Location{{}, 0, 0, query.event});
  }
  const StudyColumn* group = nullptr;
  SurvivalCounts out;
  out.grid = grid;
  if (query.group.empty()) {
    out.groups = {""};
    out.group_labels = {"All"};
  } else {
    auto column = detail::column_of(table, query.group, {ValueType::categorical});
    if (!column) return core::fail(column.error());
    group = *column;
    for (const auto& choice : group->choices) {
      out.groups.push_back(choice.code);
      out.group_labels.push_back(choice.label);
    }
  }
  const std::size_t k = grid.size(), cells = out.groups.size() * k;
  // Per group, how many observations first fall at or before each grid point (index k:
  // beyond the grid); at risk at interval j = observations with index >= j.
  std::vector<std::int64_t> first_index(out.groups.size() * (k + 1), 0);
  out.events.assign(cells, 0);
  out.censored.assign(cells, 0);
  for (std::size_t row = 0; row < table.rows(); ++row) {
    if (!filter.keep(row)) continue;
    const double t = (*time)->numbers[row];
    const std::int32_t e = (*event)->levels[row];
    const std::int32_t g = group == nullptr ? 0 : group->levels[row];
    if (std::isnan(t) || e < 0 || g < 0) {
      ++out.excluded;
      continue;
    }
    if (t < 0) {
      // Names the variable and the rule only: the message leaves the site, the record and
      // its value must not.
      return core::bad_input(fmt::format("'{}' is negative for a patient the filter keeps: survival times must "
                                         "be 0 or more", query.time),
                             core::Location{{}, 0, 0, query.time});
    }
    const auto j = static_cast<std::size_t>(std::lower_bound(grid.begin(), grid.end(), t) -
                                            grid.begin());
    const auto gi = static_cast<std::size_t>(g);
    ++first_index[gi * (k + 1) + j];
    if (j == k) continue;  // beyond the grid: at risk throughout, no event counted
    ++(e == event_level ? out.events : out.censored)[out.index(gi, j)];
  }
  out.at_risk.assign(cells, 0);
  for (std::size_t g = 0; g < out.groups.size(); ++g) {
    std::int64_t running = first_index[g * (k + 1) + k];
    for (std::size_t j = k; j-- > 0;) {
      running += first_index[g * (k + 1) + j];
      out.at_risk[out.index(g, j)] = running;
    }
  }
  return out;
}

core::Status add(SurvivalCounts& total, const SurvivalCounts& part) {
  if (total.grid != part.grid || total.groups != part.groups) {
    return core::bad_input("survival counts: the grids or groups of the two sites differ");
  }
  ONCOSHARE_TRY(add_counts(total.at_risk, part.at_risk));
  ONCOSHARE_TRY(add_counts(total.events, part.events));
  ONCOSHARE_TRY(add_counts(total.censored, part.censored));
  total.excluded += part.excluded;
  return {};
}

}  // namespace oncoshare::analytics
