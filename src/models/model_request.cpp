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
  const std::string type = j.value("type", "");
  if (type != "glm" && type != "cox") return core::fail(field_error("model.type", fmt::format("'{}' is not glm or cox", type)));
  spec.type = type == "glm" ? ModelType::glm : ModelType::cox;
  if (!j.contains("formula") || !j["formula"].is_string()) return core::fail(field_error("model.formula", "required string"));
  spec.formula = j["formula"].get<std::string>();
  if (spec.type == ModelType::glm) {
    auto family = family_from_string(j.value("family", "binomial"));
    if (!family) return core::fail(field_error("model.family", family.error().message));
    spec.family = *family;
  } else {
    const std::string ties = j.value("ties", "efron");
    if (ties != "efron" && ties != "breslow") return core::fail(field_error("model.ties", fmt::format("'{}' is not efron or breslow", ties)));
    spec.ties = ties == "efron" ? CoxTies::efron : CoxTies::breslow;
    if (j.contains("stratified") && !j["stratified"].is_boolean()) return core::fail(field_error("model.stratified", "expected true or false"));
    spec.stratified = j.value("stratified", true);
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
  const std::string step = j.value("step", "");
  bool known = false;
  for (int k = 0; k < 3; ++k) {
    if (step == kSteps[k]) {
      r.step = static_cast<CoxStep>(k);
      known = true;
    }
  }
  if (!known) return core::fail(field_error("round.step", fmt::format("'{}' is not summary, derivatives or concordance", step)));
  r.stratified = j.value("stratified", true);
  r.ties = j.value("ties", "efron") == "breslow" ? CoxTies::breslow : CoxTies::efron;
  r.grid_step = j.value("grid_step", r.grid_step);
  r.grid_max = j.value("grid_max", r.grid_max);
  auto times = numbers(j, "times");
  auto edges = numbers(j, "edges");
  auto beta = vector(j, "beta");
  auto center = vector(j, "center");
  if (!times) return core::fail(times.error());
  if (!edges) return core::fail(edges.error());
  if (!beta) return core::fail(beta.error());
  if (!center) return core::fail(center.error());
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
