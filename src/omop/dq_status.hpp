// A check's status from its counts, as the Data Quality Dashboard computes it: the
// threshold (R/evaluateThresholds.R), Not Applicable (R/calculateNotApplicableStatus.R)
// and the Overview (R/summarizeResults.R).
#pragma once

#include <vector>

#include "omop/dq_checks.hpp"

namespace oncoshare::omop {

// failed: with no threshold or a threshold of 0, any violating row; otherwise a share of
// violating rows x 100 above the threshold. A check with an error is not failed.
void evaluate_threshold(DqCheckResult& result);

// Marks the checks of a missing table or field, of an empty table and of an unpopulated
// field Not Applicable (with the Dashboard's reason text) and clears their failure.
void apply_not_applicable(std::vector<DqCheckResult>& results);

[[nodiscard]] DqOverview summarize(const std::vector<DqCheckResult>& results);

}  // namespace oncoshare::omop
