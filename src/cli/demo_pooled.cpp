// The demo's reference: the same statistics and models computed in clear on the pooled
// records, with the same code the nodes use (query_statistic, models).
#include <algorithm>
#include <cmath>

#include "analytics/filter.hpp"
#include "analytics/query_statistic.hpp"
#include "cli/demo.hpp"
#include "models/cox.hpp"
#include "models/formula.hpp"
#include "models/glm_driver.hpp"
#include "node/store.hpp"

namespace oncoshare::cli {

namespace {

// A model fitted in clear: the GLM on all records in one design, the Cox model stratified
// by site on each site's design (the strata are the sites), with plain sums.
core::Result<coordinator::ModelOutcome> model_in_clear(const coordinator::QuerySpec& query, const std::string& cohort,
                                                       const std::vector<std::string>& sites) {
  auto spec = coordinator::model_spec_of(query);
  if (!spec) return core::fail(spec.error());
  auto terms = models::parse_formula(spec->formula);
  if (!terms) return core::fail(terms.error());
  std::vector<std::vector<std::string>> groups;
  if (spec->type == models::ModelType::glm) {
    groups.emplace_back();
    for (const auto& site : sites) groups.back().push_back(cohort + "/" + site + ".csv");
  } else {
    for (const auto& site : sites) groups.push_back({cohort + "/" + site + ".csv"});
  }
  std::vector<models::Design> designs;
  for (const auto& exports : groups) {
    node::DatasetConfig config;
    config.id = "pooled";
    config.dictionary = cohort + "/dictionary.csv";
    config.mapping = cohort + "/mapping.csv";
    config.exports = exports;
    auto dataset = node::load_dataset(config, ":memory:");
    if (!dataset) return core::fail(dataset.error());
    auto design = models::build_design((*dataset)->table, *terms);
    if (!design) return core::fail(design.error());
    designs.push_back(std::move(*design));
  }
  coordinator::ModelOutcome outcome;
  outcome.spec = *spec;
  outcome.sites = {"(in clear)"};
  if (spec->type == models::ModelType::glm) {
    models::GlmOptions options;
    options.family = spec->family;
    auto fit = models::fit_glm(designs, options);
    if (!fit) return core::fail(fit.error());
    outcome.glm = std::move(*fit);
  } else {
    models::CoxOptions options;
    options.ties = spec->ties;
    options.stratify_by_site = spec->stratified;
    auto fit = models::fit_cox(designs, options);
    if (!fit) return core::fail(fit.error());
    outcome.cox = std::move(*fit);
  }
  return outcome;
}

}  // namespace

// The largest difference between two fits' coefficients and standard errors.
double max_difference(const coordinator::ModelOutcome& a, const coordinator::ModelOutcome& b) {
  double worst = 0;
  if (a.glm && b.glm) {
    for (std::size_t k = 0; k < a.glm->coefficients.size(); ++k) {
      worst = std::max({worst, std::abs(a.glm->coefficients[k].estimate - b.glm->coefficients[k].estimate),
                        std::abs(a.glm->coefficients[k].std_error - b.glm->coefficients[k].std_error)});
    }
  }
  if (a.cox && b.cox) {
    for (std::size_t k = 0; k < a.cox->coefficients.size(); ++k) {
      worst = std::max({worst, std::abs(a.cox->coefficients[k].coef - b.cox->coefficients[k].coef),
                        std::abs(a.cox->coefficients[k].se - b.cox->coefficients[k].se)});
    }
  }
  return worst;
}

// The study's statistics computed in clear on all sites' records in one table.
core::Result<coordinator::StudyResult> pooled_in_clear(const coordinator::StudySpec& study,
                                                       const coordinator::StudyResult& federated,
                                                       const std::string& cohort, const std::vector<std::string>& sites) {
  node::DatasetConfig config;
  config.id = "pooled";
  config.dictionary = cohort + "/dictionary.csv";
  config.mapping = cohort + "/mapping.csv";
  for (const auto& site : sites) config.exports.push_back(cohort + "/" + site + ".csv");
  auto dataset = node::load_dataset(config, ":memory:");
  if (!dataset) return core::fail(dataset.error());
  coordinator::StudyResult pooled = federated;
  pooled.nodes = {"(all records in one table)"};
  for (std::size_t q = 0; q < study.queries.size(); ++q) {
    const auto& query = study.queries[q];
    if (query.type == "glm" || query.type == "cox") {
      auto model = model_in_clear(query, cohort, sites);
      if (!model) return core::fail(model.error());
      pooled.queries[q].model = std::move(*model);
      continue;
    }
    auto filter = analytics::compile_filter(analytics::string_field(query.params, "filter"), (*dataset)->table);
    if (!filter) return core::fail(filter.error());
    auto statistic = analytics::compute_statistic((*dataset)->table, *filter, query.params, query.type);
    if (!statistic) return core::fail(statistic.error());
    auto& answer = pooled.queries[q].answer;
    answer.cells = statistic->cells;
    answer.contributors = {"pooled"};
    answer.decryptors.clear();
    answer.failures.clear();
    answer.method = "computed in clear on the pooled records (for comparison only)";
    answer.noise = nullptr;
    for (std::size_t k = 0; k < answer.cells.size(); ++k) {
      answer.withheld[k] = query.type != "km" && answer.cells[k] > 0 && answer.cells[k] < answer.min_cell_size;
    }
    if (query.type == "km") {
      auto counts = coordinator::survival_counts_of(answer);
      if (!counts) return core::fail(counts.error());
      auto km = analytics::kaplan_meier(*counts);
      if (!km) return core::fail(km.error());
      pooled.queries[q].km = std::move(*km);
      if (counts->groups.size() > 1) {
        auto test = analytics::log_rank(*counts);
        if (test) pooled.queries[q].log_rank = std::move(*test);
      }
    }
  }
  return pooled;
}

}  // namespace oncoshare::cli
