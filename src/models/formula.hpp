// R-style model formulas, parsed into ModelTerms (text is never evaluated as code):
//
//   formula := response '~' term ('+' term | '-' '1')*
//   response := name | 'Surv' '(' name ',' name ')'
//   term    := name | '1' | '0' | 'offset' '(' name ')' | 'offset' '(' 'log' '(' name ')' ')'
//            | 'relevel' '(' name ',' ['ref' '='] level ')'
//   level   := '"' code '"' | "'" code "'"   (a choice code of a categorical variable)
//   name    := [A-Za-z_.][A-Za-z0-9_.]*   (R names such as wt.loss, ph.ecog)
//
// "0" or "- 1" drop the intercept; "1" keeps it (the default). relevel(stage_group, "3")
// makes choice 3 the reference of stage_group (R's relevel(); see docs/models.md for the
// coefficient names). Interactions, transforms other than log() inside offset(), and
// duplicate terms are rejected.
#pragma once

#include <string_view>

#include "core/result.hpp"
#include "models/design.hpp"

namespace oncoshare::models {

// "complete_response ~ age_dx + stage_group" -> outcome + covariates;
// "Surv(survival_days, event) ~ age_dx + sex" -> time + event + covariates;
// "n ~ x + offset(log(days))" -> offset "days" with offset_log; "y ~ relevel(g, \"b\")" ->
// covariate g with relevels["g"] reference b (checked against the table by build_design).
// Errors (bad_input) give the 1-based column in `text` and what was expected, e.g.
// "column 12: expected a variable name, found '*'". levels is left empty (the caller adds the agreed levels).
[[nodiscard]] core::Result<ModelTerms> parse_formula(std::string_view text);

}  // namespace oncoshare::models
