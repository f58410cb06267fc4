// Federated Cox proportional-hazards models (see docs/models.md, "Cox proportional
// hazards"): site functions (cox_site.hpp), the coordinator state machine (cox_fit.hpp),
// the summary(coxph)-like result and its text / JSON forms, and an in-process driver.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "models/cox_fit.hpp"
#include "models/cox_options.hpp"
#include "models/cox_result.hpp"
#include "models/cox_site.hpp"
#include "models/design.hpp"

namespace oncoshare::models {

// Adds the sites' answers element-wise (what secure aggregation reveals). Every answer
// has the same length.
using CoxSum = std::function<std::vector<double>(const std::vector<std::vector<double>>&)>;

// The plain element-wise sum (answers must all have the same length).
[[nodiscard]] std::vector<double> sum_answers(const std::vector<std::vector<double>>& answers);

// Runs every round in process: each site answers with cox_site_answer(), `sum` combines
// the answers and CoxFit sees only the sums. All sites must have the same design names.
// Errors: those of the sites (first failing site named) and of CoxFit.
[[nodiscard]] core::Result<CoxResult> fit_cox(std::span<const Design> sites,
                                              const CoxOptions& options = {},
                                              const CoxSum& sum = sum_answers);

// summary(coxph)-like text: model line, n / events, coefficient and exp(coef) tables,
// concordance, the three tests, then any warnings.
[[nodiscard]] std::string format_cox(const CoxResult& result);

// The same as JSON (numbers as doubles, NaN as null).
[[nodiscard]] nlohmann::json cox_json(const CoxResult& result);

}  // namespace oncoshare::models
