// Kaplan-Meier survival from (summed) SurvivalCounts only: S(t), Greenwood standard
// error, pointwise confidence intervals and the median, computed as R's survfit does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/survival_counts.hpp"
#include "core/result.hpp"

namespace oncoshare::analytics {

// survfit's conf.type: log (its default), log-log, plain.
enum class ConfType { log, log_log, plain };

[[nodiscard]] std::string_view to_string(ConfType type);

struct KmOptions {
  double conf_level = 0.95;          // 0 < level < 1
  ConfType conf_type = ConfType::log;
};

// One grid point where something happened (like summary(survfit, censored = TRUE)).
// NaN stands for R's NA/NaN: std_err once S = 0 (Greenwood is infinite), the log and
// log-log bounds at S = 0, the log-log bounds at S = 1.
struct KmRow {
  double time = 0;
  std::int64_t n_risk = 0, n_event = 0, n_censor = 0;
  double surv = 1;
  double std_err = 0;  // Greenwood standard error of S(t) (summary's std.err)
  double lower = 0, upper = 0;
};

struct KmCurve {
  std::string group;  // code ("" when ungrouped)
  std::string label;
  std::int64_t n = 0;       // at risk at the start
  std::int64_t events = 0;
  std::vector<KmRow> rows;
  // print.survfit's median and its confidence limits; NaN when not reached.
  double median = 0, median_lower = 0, median_upper = 0;
};

struct KmResult {
  KmOptions options;
  std::vector<KmCurve> curves;  // one per group, in group order
  std::int64_t excluded = 0;    // rows without time, event or group
};

// Estimates every group's curve. Fails on counts that cannot come from real data
// (negative, more events + censorings than at risk, at-risk sequence inconsistent) and on
// a conf_level outside (0, 1).
[[nodiscard]] core::Result<KmResult> kaplan_meier(const SurvivalCounts& counts,
                                                  const KmOptions& options = {});

}  // namespace oncoshare::analytics
