// Kaplan-Meier / log-rank sufficient statistics on a common time grid: per group and grid
// interval, the number at risk at its start, the events and the censorings. Integer
// vectors whose shape depends only on the grid and the group variable's dictionary
// choices, so site vectors add up to exactly the pooled cohort's.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "analytics/filter.hpp"
#include "analytics/study_table.hpp"
#include "core/result.hpp"

namespace oncoshare::analytics {

// What to count. `group` empty: one curve. Otherwise a categorical variable; its groups
// are all its choice codes in dictionary order.
struct SurvivalQuery {
  std::string time = "survival_days";  // numeric, >= 0
  std::string event = "event";         // categorical
  std::string event_code = "1";        // the event's code; any other code is censored
  std::string group;
};

// Grid t_1 < ... < t_K. Interval j is (t_(j-1), t_j] (the first is (-inf, t_1]); an
// observation in it counts at t_j. With every distinct observed time as the grid the
// counts are exact and the estimates equal R's survfit / survdiff; a coarser grid groups
// times (events and censorings inside an interval count at its end).
struct SurvivalCounts {
  std::vector<double> grid;
  std::vector<std::string> groups;        // codes; one "" when ungrouped
  std::vector<std::string> group_labels;  // choice labels; "All" when ungrouped
  // groups.size() x grid.size(), group-major: [g * grid.size() + j].
  std::vector<std::int64_t> at_risk;      // time > t_(j-1): at risk at the start of interval j
  std::vector<std::int64_t> events;
  std::vector<std::int64_t> censored;
  // Rows the filter kept but that have no time, event or group (never silently dropped).
  std::int64_t excluded = 0;

  [[nodiscard]] std::size_t index(std::size_t group, std::size_t j) const {
    return group * grid.size() + j;
  }
  // The integer vector to encrypt: per group the number at risk at the start (at_risk of
  // the first interval), then events, censored, excluded. The other at-risk numbers follow
  // from these, so one patient changes at most two cells.
  [[nodiscard]] std::vector<std::int64_t> to_vector() const;
  // Replaces the counts with `values` (a summed, decrypted to_vector()) and derives at_risk;
  // the grid and groups stay. Fails when the size does not match.
  [[nodiscard]] core::Status assign(std::span<const std::int64_t> values);
  // After noise (differential privacy): the nearest counts a cohort could have, with events
  // and censorings clamped to [0, at risk] and the at-risk numbers derived again. Only
  // post-processing of a released answer, so it costs no privacy.
  void make_consistent();
};

// Checks a grid: not empty, finite, strictly increasing.
[[nodiscard]] core::Status validate_grid(const std::vector<double>& grid);
// step, 2*step, ... up to the first multiple >= max. Fails unless step > 0 and max >= 0
// and the grid has at most 100000 points.
[[nodiscard]] core::Result<std::vector<double>> regular_grid(double step, double max);
// The distinct non-missing values of `time` among the rows `filter` keeps, ascending: the
// exact grid (policy permitting; it reveals each observed time).
[[nodiscard]] core::Result<std::vector<double>> distinct_times(const StudyTable& table,
                                                               const Filter& filter,
                                                               const std::string& time);
// The sorted union of grids (the exact grid of several sites).
[[nodiscard]] std::vector<double> merge_grids(const std::vector<std::vector<double>>& grids);

// Counts the rows `filter` keeps. Fails when a variable is unknown or of the wrong type,
// the event code is not a choice of the event variable, a time is negative, or the grid is
// invalid.
[[nodiscard]] core::Result<SurvivalCounts> survival_counts(const StudyTable& table,
                                                           const Filter& filter,
                                                           const SurvivalQuery& query,
                                                           const std::vector<double>& grid);

// total += part. Fails when the grids or groups differ.
[[nodiscard]] core::Status add(SurvivalCounts& total, const SurvivalCounts& part);

}  // namespace oncoshare::analytics
