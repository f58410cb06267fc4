// What a site checks before it computes any statistic of a model (docs/disclosure-control.md,
// "Models"): the response variables' types against the dictionary, before a row is read;
// then, on the rows the model keeps, enough rows for the parameters, a bounded saturation,
// and no binary-response level or categorical level present but rarer than the minimum
// cell size. Model statistics stay exact: these checks decide whether a site answers at
// all. Each refusal names the variable, the rule and the limit, never a patient's value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "analytics/study_table.hpp"
#include "models/design.hpp"
#include "models/model_request.hpp"

namespace oncoshare::models {

// The limits of a dataset's policy that apply to models.
struct ModelLimits {
  std::int64_t min_cell_size = 5;       // a level present fewer times than this (but present) is refused
  std::int64_t rows_per_parameter = 10;  // rows >= max(min_cell_size, this x parameters)
  double max_saturation = 0.33;          // parameters / rows above this is refused
};

// Why a site will not answer: `code` is the node's refusal code.
struct ModelRefusal {
  std::string code;
  std::string reason;
};

// Before reading rows: the types the dictionary gives the response variables. A binomial
// outcome, and a Cox event, must be categorical with two levels coded 0 and 1 (yes/no);
// a gaussian or poisson outcome and a Cox time must be numeric (model_outcome_type). An
// unknown variable is left to build_design(), which names it.
[[nodiscard]] std::optional<ModelRefusal> check_response_types(const analytics::StudyTable& table,
                                                               const ModelTerms& terms, const ModelSpec& spec);

// On the site's design (filtered, rows with missing values dropped): at least
// max(min_cell_size, rows_per_parameter x parameters) rows (model_too_few_rows), at most
// max_saturation parameters per row (model_saturated), and each level of a binary outcome
// or Cox event and of each categorical covariate absent or present at least min_cell_size
// times (model_small_category). Parameters are the design's columns (a Cox model's
// without the intercept).
[[nodiscard]] std::optional<ModelRefusal> check_design_disclosure(const Design& design, const ModelSpec& spec,
                                                                  const ModelLimits& limits);

}  // namespace oncoshare::models
