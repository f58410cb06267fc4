#include "coordinator/model_fit.hpp"

#include <fmt/format.h>

#include "coordinator/secure_sum.hpp"
#include "models/cox.hpp"
#include "models/cox_fit.hpp"
#include "models/formula.hpp"
#include "models/glm_report.hpp"

namespace oncoshare::coordinator {

namespace {

using nlohmann::json;


// One fit over `clients`; sets `dropout` instead of failing when a node drops out.
struct Attempt {
  std::optional<models::GlmResult> glm;
  std::optional<models::CoxResult> cox;
  std::vector<NodeFailure> dropout;
};

// Sums one round; a round missing a node reports the dropout (the caller restarts).
core::Result<std::optional<std::vector<double>>> sum_round(const FederationSession& session,
                                                            std::vector<NodeClient*>& clients, const json& base,
                                                            const json& round, std::vector<std::string>& names,
                                                            Attempt& attempt, std::size_t& aggregations) {
  json body = base;
  body["round"] = round;
  auto summed = secure_sum(session, clients, body);
  ++aggregations;
  if (!summed) return core::fail(summed.error());
  if (!summed->dropped.empty()) {
    attempt.dropout = summed->dropped;
    return std::optional<std::vector<double>>{};
  }
  names = summed->names;
  return std::optional<std::vector<double>>(std::move(summed->sum));
}

core::Result<Attempt> fit_once(const FederationSession& session, std::vector<NodeClient*>& clients, const json& base, const models::ModelSpec& spec,
                               const models::ModelTerms& terms, double ridge, std::size_t& aggregations) {
  Attempt attempt;
  std::vector<std::string> names;
  if (spec.type == models::ModelType::glm) {
    // The start round needs no coefficients; its answer tells the coefficient names.
    auto first = sum_round(session, clients, base, {{"beta", json::array()}}, names, attempt, aggregations);
    if (!first) return core::fail(first.error());
    if (!*first) return attempt;
    models::GlmOptions options;
    options.family = spec.family;
    options.ridge = ridge;  // applied here: the sites' statistics do not depend on it
    models::GlmFit fit(names, options, !terms.offset.empty());
    ONCOSHARE_TRY(fit.accept(**first));
    while (!fit.done()) {
      auto sum = sum_round(session, clients, base, {{"beta", fit.round().beta}}, names, attempt, aggregations);
      if (!sum) return core::fail(sum.error());
      if (!*sum) return attempt;
      ONCOSHARE_TRY(fit.accept(**sum));
    }
    auto result = fit.result();
    if (!result) return core::fail(result.error());
    attempt.glm = std::move(*result);
    return attempt;
  }
  // Cox: the first request (the summary) does not depend on the covariates, so it is sent
  // before the coefficient names are known; its answers carry them.
  models::CoxOptions options;
  options.ties = spec.ties;
  options.stratify_by_site = spec.stratified;
  // The grid the nodes' policy allows: exact event times, or steps of min_time_step days.
  options.allow_event_times = session.dataset.value("exact_event_times", false);
  options.coarse_step = session.dataset.value("min_time_step", options.coarse_step);
  std::optional<models::CoxFit> fit;
  json probe_round;
  {
    auto probe = models::CoxFit::create({"covariate"}, clients.size(), options);
    if (!probe) return core::fail(probe.error());
    probe_round = models::to_json(probe->next_request());
  }
  auto first = sum_round(session, clients, base, probe_round, names, attempt, aggregations);
  if (!first) return core::fail(first.error());
  if (!*first) return attempt;
  auto created = models::CoxFit::create(names, clients.size(), options);
  if (!created) return core::fail(created.error());
  fit.emplace(std::move(*created));
  if (models::to_json(fit->next_request()) != probe_round) {
    return core::fail(core::Error{core::ErrorCode::internal, "Cox summary request depends on the covariates", {}});
  }
  ONCOSHARE_TRY(fit->accept(**first));
  while (!fit->done()) {
    auto sum = sum_round(session, clients, base, models::to_json(fit->next_request()), names, attempt, aggregations);
    if (!sum) return core::fail(sum.error());
    if (!*sum) return attempt;
    ONCOSHARE_TRY(fit->accept(**sum));
  }
  auto result = fit->result();
  if (!result) return core::fail(result.error());
  attempt.cox = std::move(*result);
  return attempt;
}

std::string sites_line(const ModelOutcome& outcome) {
  if (outcome.aggregations == 0) return "  computed in clear on the pooled records (for comparison only)\n";
  std::string out = fmt::format("  sites: {} | each round summed by secure aggregation ({} aggregations)\n",
                                fmt::join(outcome.sites, ", "), outcome.aggregations);
  for (const auto& d : outcome.dropped) out += fmt::format("  left out: {}: {}\n", d.node, d.reason);
  return out;
}

}  // namespace

core::Result<models::ModelSpec> model_spec_of(const QuerySpec& query) {
  json spec = {{"type", query.type}, {"formula", query.params.value("formula", "")}};
  for (const char* key : {"family", "ties", "stratified"}) {
    if (query.params.contains(key)) spec[key] = query.params[key];
  }
  return models::parse_model_spec(spec);
}

core::Result<ModelOutcome> run_model(FederationSession& session, const StudySpec& study, const QuerySpec& query) {
  auto spec = model_spec_of(query);
  if (!spec) return core::fail(spec.error());
  auto terms = models::parse_formula(spec->formula);
  if (!terms) return core::fail(terms.error());
  // One fit id for all its rounds, restarts included: a node charges the researcher's
  // budget once per fit and caps the rounds one fit may ask.
  json base = {{"dataset", study.dataset}, {"purpose", study.purpose}, {"model", models::to_json(*spec)},
               {"fit", random_id()}};
  if (query.params.contains("filter")) base["filter"] = query.params["filter"];

  ModelOutcome outcome;
  outcome.spec = *spec;
  outcome.dropped = session.unreachable;
  std::vector<NodeClient*> clients;
  for (auto& c : session.clients) clients.push_back(&c);
  for (;;) {
    if (clients.size() < 2) {
      std::string reasons;
      for (const auto& d : outcome.dropped) reasons += fmt::format("\n  {}: {}", d.node, d.reason);
      return core::fail(failed(fmt::format("fewer than two nodes left to fit the model{}", reasons)));
    }
    const double ridge = query.params.contains("ridge") ? query.params["ridge"].get<double>() : 0.0;
    auto attempt = fit_once(session, clients, base, *spec, *terms, ridge, outcome.aggregations);
    if (!attempt) return core::fail(attempt.error());
    if (attempt->dropout.empty()) {
      outcome.glm = std::move(attempt->glm);
      outcome.cox = std::move(attempt->cox);
      for (auto* c : clients) outcome.sites.push_back(c->node().name);
      return outcome;
    }
    // Restart on the nodes that stayed.
    for (const auto& d : attempt->dropout) {
      outcome.dropped.push_back({d.node, "dropped out mid-fit (the fit restarted without it): " + d.reason});
      std::erase_if(clients, [&](NodeClient* c) { return c->node().name == d.node; });
    }
  }
}

std::string model_text(const ModelOutcome& outcome) {
  std::string out = sites_line(outcome);
  if (outcome.glm) out += models::format_glm(*outcome.glm);
  if (outcome.cox) out += models::format_cox(*outcome.cox);
  return out;
}

json model_json(const ModelOutcome& outcome) {
  json dropped = json::array();
  for (const auto& d : outcome.dropped) dropped.push_back({{"node", d.node}, {"reason", d.reason}});
  json out = {{"model", models::to_json(outcome.spec)}, {"sites", outcome.sites}, {"dropped", dropped},
              {"aggregations", outcome.aggregations}};
  if (outcome.glm) out["fit"] = models::glm_to_json(*outcome.glm);
  if (outcome.cox) out["fit"] = models::cox_json(*outcome.cox);
  return out;
}

}  // namespace oncoshare::coordinator
