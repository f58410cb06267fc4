// What travels between the coordinator and the sites when a model is fitted: the model
// (formula, family or ties, stratification) once per fit, and per round the coefficients
// (GLM) or the Cox request. Sites answer each round with one vector whose layout depends
// only on the model and the round, so the vectors can be summed by secure aggregation.
// JSON parsing is strict: errors name the field.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "models/cox_options.hpp"
#include "models/design.hpp"
#include "models/glm_family.hpp"

namespace oncoshare::models {

enum class ModelType { glm, cox };

struct ModelSpec {
  ModelType type = ModelType::glm;
  std::string formula;           // "outcome ~ a + b" or "Surv(time, event) ~ a + b"
  Family family = Family::binomial;  // glm
  CoxTies ties = CoxTies::efron;     // cox
  bool stratified = true;            // cox: strata(site) (else one pooled baseline hazard)
};

[[nodiscard]] nlohmann::json to_json(const ModelSpec& spec);
[[nodiscard]] core::Result<ModelSpec> parse_model_spec(const nlohmann::json& json);

[[nodiscard]] nlohmann::json to_json(const CoxRequest& request);
[[nodiscard]] core::Result<CoxRequest> parse_cox_request(const nlohmann::json& json);

// A GLM round is {"beta": [...]} (empty: the start round).
[[nodiscard]] core::Result<std::vector<double>> parse_glm_round(const nlohmann::json& json);

// The site's answer to one round: the GLM statistics at beta, or the Cox answer.
[[nodiscard]] core::Result<std::vector<double>> site_model_answer(const Design& design, const ModelSpec& spec,
                                                                  const nlohmann::json& round);

}  // namespace oncoshare::models
