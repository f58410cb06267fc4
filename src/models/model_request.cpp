#include "models/model_request.hpp"

#include <fmt/format.h>

#include "models/cox_site.hpp"
#include "models/glm_site.hpp"

namespace oncoshare::models {

namespace {

using nlohmann::json;

core::Error field_error(const char* field, const std::string& what) {
  return core::bad_input(fmt::format("field '{}': {}", field, what), {"", 0, 0, field});
}

core::Result<std::vector<double>> numbers(const json& j, const char* field) {
  if (!j.contains(field)) return std::vector<double>{};
  if (!j[field].is_array()) return core::fail(field_error(field, "expected an array of numbers"));
  std::vector<double> out;
  for (const auto& v : j[field]) {
    if (!v.is_number()) return core::fail(field_error(field, "expected an array of numbers, got " + v.dump()));
    out.push_back(v.get<double>());
  }
  return out;
}

core::Result<Eigen::VectorXd> vector(const json& j, const char* field) {
  auto values = numbers(j, field);
  if (!values) return core::fail(values.error());
  return Eigen::VectorXd(Eigen::Map<const Eigen::VectorXd>(values->data(), static_cast<Eigen::Index>(values->size())));
}

std::vector<double> as_vector(const Eigen::VectorXd& v) { return {v.data(), v.data() + v.size()}; }

// Typed optional fields: the fallback when absent, an error naming the field when mistyped.
core::Result<std::string> text(const json& j, const char* key, const char* field, std::string fallback) {
  if (!j.contains(key)) return fallback;
  if (!j[key].is_string()) return core::fail(field_error(field, "expected a string, got " + j[key].dump()));
  return j[key].get<std::string>();
}

core::Result<double> number(const json& j, const char* key, const char* field, double fallback) {
  if (!j.contains(key)) return fallback;
  if (!j[key].is_number()) return core::fail(field_error(field, "expected a number, got " + j[key].dump()));
  return j[key].get<double>();
}

core::Result<bool> boolean(const json& j, const char* key, const char* field, bool fallback) {
  if (!j.contains(key)) return fallback;
  if (!j[key].is_boolean()) return core::fail(field_error(field, "expected true or false, got " + j[key].dump()));
  return j[key].get<bool>();
}

constexpr const char* kSteps[] = {"summary", "derivatives", "concordance", "done"};

}  // namespace

json to_json(const ModelSpec& spec) {
  json out = {{"type", spec.type == ModelType::glm ? "glm" : "cox"}, {"formula", spec.formula}};
  if (spec.type == ModelType::glm) {
    out["family"] = std::string(to_string(spec.family));
  } else {
    out["ties"] = std::string(to_string(spec.ties));
    out["stratified"] = spec.stratified;
  }
  return out;
}

core::Result<ModelSpec> parse_model_spec(const json& j) {
  if (!j.is_object()) return core::fail(field_error("model", "expected an object"));
  ModelSpec spec;
  auto type = text(j, "type", "model.type", "");
  if (!type) return core::fail(type.error());
  if (*type != "glm" && *type != "cox") return core::fail(field_error("model.type", fmt::format("'{}' is not glm or cox", *type)));
  spec.type = *type == "glm" ? ModelType::glm : ModelType::cox;
  auto formula = text(j, "formula", "model.formula", "");
  if (!formula) return core::fail(formula.error());
  if (formula->empty()) return core::fail(field_error("model.formula", "required string"));
  spec.formula = std::move(*formula);
  if (spec.type == ModelType::glm) {
    auto name = text(j, "family", "model.family", "binomial");
    if (!name) return core::fail(name.error());
    auto family = family_from_string(*name);
    if (!family) return core::fail(field_error("model.family", family.error().message));
    spec.family = *family;
  } else {
    auto ties = text(j, "ties", "model.ties", "efron");
    if (!ties) return core::fail(ties.error());
    if (*ties != "efron" && *ties != "breslow") return core::fail(field_error("model.ties", fmt::format("'{}' is not efron or breslow", *ties)));
    spec.ties = *ties == "efron" ? CoxTies::efron : CoxTies::breslow;
    auto stratified = boolean(j, "stratified", "model.stratified", true);
    if (!stratified) return core::fail(stratified.error());
    spec.stratified = *stratified;
  }
  return spec;
}

json to_json(const CoxRequest& r) {
  return {{"step", kSteps[static_cast<int>(r.step)]}, {"stratified", r.stratified},
          {"ties", std::string(to_string(r.ties))}, {"grid_step", r.grid_step}, {"grid_max", r.grid_max},
          {"times", r.times}, {"beta", as_vector(r.beta)}, {"center", as_vector(r.center)}, {"edges", r.edges}};
}

core::Result<CoxRequest> parse_cox_request(const json& j) {
  if (!j.is_object()) return core::fail(field_error("round", "expected an object"));
  CoxRequest r;
  auto step = text(j, "step", "round.step", "");
  if (!step) return core::fail(step.error());
  bool known = false;
  for (int k = 0; k < 3; ++k) {
    if (*step == kSteps[k]) {
      r.step = static_cast<CoxStep>(k);
      known = true;
    }
  }
  if (!known) return core::fail(field_error("round.step", fmt::format("'{}' is not summary, derivatives or concordance", *step)));
  auto stratified = boolean(j, "stratified", "round.stratified", true);
  auto ties = text(j, "ties", "round.ties", "efron");
  auto grid_step = number(j, "grid_step", "round.grid_step", r.grid_step);
  auto grid_max = number(j, "grid_max", "round.grid_max", r.grid_max);
  auto times = numbers(j, "times");
  auto edges = numbers(j, "edges");
  auto beta = vector(j, "beta");
  auto center = vector(j, "center");
  if (!stratified) return core::fail(stratified.error());
  if (!ties) return core::fail(ties.error());
  if (!grid_step) return core::fail(grid_step.error());
  if (!grid_max) return core::fail(grid_max.error());
  if (!times) return core::fail(times.error());
  if (!edges) return core::fail(edges.error());
  if (!beta) return core::fail(beta.error());
  if (!center) return core::fail(center.error());
  if (*ties != "efron" && *ties != "breslow") return core::fail(field_error("round.ties", fmt::format("'{}' is not efron or breslow", *ties)));
  r.stratified = *stratified;
  r.ties = *ties == "breslow" ? CoxTies::breslow : CoxTies::efron;
  r.grid_step = *grid_step;
  r.grid_max = *grid_max;
  r.times = std::move(*times);
  r.edges = std::move(*edges);
  r.beta = std::move(*beta);
  r.center = std::move(*center);
  return r;
}

core::Result<std::vector<double>> parse_glm_round(const json& j) {
  if (!j.is_object()) return core::fail(field_error("round", "expected an object"));
  return numbers(j, "beta");
}

core::Result<std::vector<double>> site_model_answer(const Design& design, const ModelSpec& spec, const json& round) {
  if (spec.type == ModelType::glm) {
    auto beta = parse_glm_round(round);
    if (!beta) return core::fail(beta.error());
    return glm_site_statistics(design, spec.family, *beta);
  }
  auto request = parse_cox_request(round);
  if (!request) return core::fail(request.error());
  return cox_site_answer(design, *request);
}

}  // namespace oncoshare::models
