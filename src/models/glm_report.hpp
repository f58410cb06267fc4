// Rendering of a GlmResult: text laid out like R's summary(glm) plus Wald intervals, and
// a JSON object for machines.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "models/glm_fit.hpp"

namespace oncoshare::models {

// The coefficient table (Estimate, Std. Error, z or t value, Pr(>|z|) or Pr(>|t|), 2.5 %,
// 97.5 %), dispersion, null and residual deviance with df, AIC, Fisher scoring iterations
// and the number of rows used / excluded. Numbers with 6 significant digits.
[[nodiscard]] std::string format_glm(const GlmResult& result);

// {"family", "coefficients": [{"name","estimate","std_error","statistic","p_value","lower",
// "upper"}], "statistic": "z"|"t", "dispersion", "null_deviance", "df_null", "deviance",
// "df_residual", "aic", "iterations", "rounds", "n", "excluded"}; full precision.
// A NaN (e.g. a null deviance not computed) is written as null.
[[nodiscard]] nlohmann::json glm_to_json(const GlmResult& result);

}  // namespace oncoshare::models
