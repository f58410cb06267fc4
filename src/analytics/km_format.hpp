// Plain-text and JSON renderings of Kaplan-Meier and log-rank results. Deterministic:
// the same result gives the same bytes. NaN (R's NA) prints as "NA" / JSON null.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "analytics/kaplan_meier.hpp"
#include "analytics/log_rank.hpp"

namespace oncoshare::analytics {

// A table per curve like R's summary(survfit): time, n.risk, n.event, n.censor,
// survival, std.err, lower and upper CI bound (4 significant digits), then the median.
[[nodiscard]] std::string km_text(const KmResult& result);

// {"conf_level", "conf_type", "excluded", "curves": [{"group", "label", "n", "events",
// "median", "median_lower", "median_upper", "rows": [{"time", "n_risk", "n_event",
// "n_censor", "survival", "std_err", "lower", "upper"}]}]} with full-precision numbers.
[[nodiscard]] nlohmann::json km_json(const KmResult& result);

// Like R's print(survdiff): N, Observed, Expected, (O-E)^2/E, (O-E)^2/V per group, then
// "Chisq= ... on df degrees of freedom, p= ...".
[[nodiscard]] std::string log_rank_text(const LogRankResult& result);

// {"groups", "labels", "n", "observed", "expected", "variance", "chi_square", "df",
// "p_value"}.
[[nodiscard]] nlohmann::json log_rank_json(const LogRankResult& result);

}  // namespace oncoshare::analytics
