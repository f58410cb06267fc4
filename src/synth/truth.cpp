#include "synth/truth.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "synth/cohort_dictionary.hpp"

namespace oncoshare::synth {

namespace {

using nlohmann::json;

// Levels keyed by name; the first level is the reference (coefficient 0).
template <std::size_t N>
json levels(const std::array<double, N>& values, const char* prefix, const std::array<const char*, N>& names) {
  json out = json::object();
  for (std::size_t i = 0; i < N; ++i) out[std::string(prefix) + names[i]] = values[i];
  return out;
}

json per_site(const std::vector<double>& values) {
  json out = json::object();
  for (std::size_t k = 0; k < values.size(); ++k) out[fmt::format("site_{}", k + 1)] = values[k];
  return out;
}

const std::array<const char*, 4> kStages{"I", "II", "III", "IV"};
const std::array<const char*, 4> kGrades{"G1", "G2", "G3", "G4"};

}  // namespace

std::string truth_json(const SynthOptions& options, const CohortModel& model, const SynthSummary& summary) {
  json truth;
  truth["seed"] = options.seed;
  truth["covariates"] = {
      {"age", fmt::format("(age_dx - {}) / {}, age_dx being the exported calc field", kAgeCentre, kAgeScale)},
      {"sex", "1 if sex = '1' (male)"},
      {"stage", "stage_group dummies, reference stage I"},
      {"grade", "grade dummies, reference G1"},
      {"cancer", "cancer type from topography (C50 breast, C34 lung, C18-C20 colorectal, C61 prostate), reference breast"},
      {"site", "data access group dummies, reference site_1"}};
  json cox;
  cox["baseline"] = {{"distribution", "weibull"},
                     {"cumulative_hazard", "H0(t) = (t / scale)^shape, t in years since diagnosis"},
                     {"shape", model.cox.weibull_shape},
                     {"scale_years", model.cox.weibull_scale_years}};
  cox["log_hazard_ratio"] = {{"age_per_10y", model.cox.age_per_10y},
                             {"sex_male", model.cox.male},
                             {"stage", levels(model.cox.stage, "stage_", kStages)},
                             {"grade", levels(model.cox.grade, "grade_", kGrades)},
                             {"cancer", {{"breast", model.cox.cancer[0]}, {"lung", model.cox.cancer[1]},
                                         {"colorectal", model.cox.cancer[2]}, {"prostate", model.cox.cancer[3]}}},
                             {"site", per_site(model.cox.site)}};
  truth["cox"] = cox;
  truth["censoring"] = {{"administrative_end", std::string(kStudyEnd)},
                        {"loss_to_follow_up", "exponential, independent of covariates"},
                        {"loss_rate_per_year", model.loss_rate_per_year}};
  truth["logistic"] = {{"outcome", "complete_response = '1'"},
                       {"intercept", model.logistic.intercept},
                       {"age_per_10y", model.logistic.age_per_10y},
                       {"stage", levels(model.logistic.stage, "stage_", kStages)},
                       {"grade", levels(model.logistic.grade, "grade_", kGrades)},
                       {"site", per_site(model.logistic.site)}};
  json by_check = json::object();
  for (std::size_t i = 0; i < kCheckFamilies.size(); ++i) {
    by_check[std::string(kCheckFamilies[i])] = summary.defects_by_check[i];
  }
  truth["defects"] = {{"record_rate", options.defect_rate},
                      {"per_record", "at most one"},
                      {"count", summary.defects},
                      {"by_check", by_check}};
  json sites = json::array();
  for (std::size_t k = 0; k < summary.sites.size(); ++k) {
    const SiteSummary& s = summary.sites[k];
    sites.push_back({{"name", s.name}, {"file", s.file}, {"patients", s.patients}, {"rows", s.rows},
                     {"relative_size", model.site_share[k]}});
  }
  truth["sites"] = sites;
  truth["counts"] = {{"patients", summary.patients}, {"rows", summary.rows}, {"deaths", summary.deaths}};
  return truth.dump(2) + "\n";
}

}  // namespace oncoshare::synth
