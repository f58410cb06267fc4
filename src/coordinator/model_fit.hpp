// Fitting a GLM or a Cox model across the federation: the coordinator's state machine
// (models/glm_fit.hpp, models/cox_fit.hpp) asks for one round at a time, every round's
// site answers are summed by secure aggregation, and the fit never sees one site's numbers.
// A node that drops out mid-fit is named, and the fit restarts on the remaining nodes
// (a model mixing rounds over different sites would be wrong). Every round carries one
// random fit id, by which the nodes charge the researcher's budget once per fit and cap
// the rounds of a fit.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "coordinator/session.hpp"
#include "models/cox_result.hpp"
#include "models/glm_fit.hpp"
#include "models/model_request.hpp"

namespace oncoshare::coordinator {

struct ModelOutcome {
  models::ModelSpec spec;
  std::optional<models::GlmResult> glm;
  std::optional<models::CoxResult> cox;
  std::vector<std::string> sites;     // nodes whose data the final fit used
  std::vector<NodeFailure> dropped;   // nodes left out, and why
  std::size_t aggregations = 0;       // secure aggregations run (rounds, restarts included)
};

// The model of a `glm` / `cox` query (params: formula, family | ties, stratified, filter).
[[nodiscard]] core::Result<models::ModelSpec> model_spec_of(const QuerySpec& query);

// Fits the model. Fails with the model's diagnostic (separation, aliasing, ...), or naming
// nodes when fewer than two remain.
[[nodiscard]] core::Result<ModelOutcome> run_model(FederationSession& session, const StudySpec& study,
                                                   const QuerySpec& query);

// Text (like R's summary) and JSON of the outcome, with the sites and dropouts.
[[nodiscard]] std::string model_text(const ModelOutcome& outcome);
[[nodiscard]] nlohmann::json model_json(const ModelOutcome& outcome);

}  // namespace oncoshare::coordinator
