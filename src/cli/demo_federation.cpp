#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "analytics/filter.hpp"
#include "analytics/query_statistic.hpp"
#include "cli/app.hpp"
#include "cli/command.hpp"
#include "cli/demo.hpp"
#include "coordinator/study_report.hpp"
#include "core/atomic_output.hpp"
#include "models/cox.hpp"
#include "models/formula.hpp"
#include "models/glm_driver.hpp"
#include "node/node_process.hpp"
#include "node/store.hpp"

namespace oncoshare::cli {

namespace {

std::string node_config(const std::string& dir, const std::string& site, const std::string& cohort) {
  return fmt::format(R"(# Site node of the demo federation (see `oncoshare node init` for every option).
[node]
name = "{site}"
listen = "127.0.0.1:0"
store = "store.sqlite"
audit_log = "audit.log"
dp_ledger = "dp_ledger.sqlite"
key_share = "key_share.json"

[tls]
cert = "{dir}/certs/{site}.crt"
key = "{dir}/certs/{site}.key"
ca = "{dir}/ca/ca.crt"

[[datasets]]
id = "registry"
description = "Cancer registry, {site}"
dictionary = "{cohort}/dictionary.csv"
mapping = "{cohort}/mapping.csv"
exports = ["{cohort}/{site}.csv"]
consent = "HMB IRB"

[datasets.policy]
min_cell_size = 5
min_contributors = 2
)",
                     fmt::arg("dir", dir), fmt::arg("site", site), fmt::arg("cohort", cohort));
}

std::string federation_table(const std::string& dir, const std::string& who, const std::vector<std::string>& sites,
                             const std::vector<int>& ports) {
  std::string out = fmt::format("[federation]\nca = \"{0}/ca/ca.crt\"\ncert = \"{0}/certs/{1}.crt\"\nkey = \"{0}/certs/{1}.key\"\n"
                                "timeout_seconds = 60\n",
                                dir, who);
  for (std::size_t i = 0; i < sites.size(); ++i) {
    out += fmt::format("\n[[federation.nodes]]\nname = \"{}\"\naddress = \"127.0.0.1:{}\"\n", sites[i], ports[i]);
  }
  return out;
}

const char* kStudy = R"([study]
title = "Demo: stage, age and survival across the federation"
dataset = "registry"
purpose = { use = "HMB", irb_approved = true }
mode = "encrypted"

[[query]]
name = "Patients by stage"
type = "crosstab"
rows = "stage_group"

[[query]]
name = "Stage III-IV, aged 60 or more"
type = "count"
filter = "stage_group in (3, 4) and age_dx >= 60"

[[query]]
name = "Stage by sex"
type = "crosstab"
rows = "stage_group"
columns = "sex"

[[query]]
name = "Age at diagnosis"
type = "histogram"
variable = "age_dx"
edges = [0, 40, 50, 60, 70, 80, 120]

[[query]]
name = "Overall survival by first treatment"
type = "km"
group = "first_treatment"
grid_step = 30
grid_max = 3660

[[query]]
name = "Complete response: logistic regression"
type = "glm"
formula = "complete_response ~ age_dx + sex + stage_group"
family = "binomial"

[[query]]
name = "Overall survival: Cox model stratified by site"
type = "cox"
formula = "Surv(survival_days, event) ~ age_dx + sex + stage_group"
ties = "efron"
)";

// Runs one CLI step, printed like the pipeline steps.
int step(const std::string& title, const std::vector<std::string>& args) {
  fmt::print("\n{}\n$ oncoshare {}\n", title, fmt::join(args, " "));
  std::fflush(stdout);
  int code = run_cli(args);
  std::fflush(stdout);
  return code;
}

core::Status write(const std::string& path, const std::string& text) { return core::write_file_atomically(path, text); }

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

}  // namespace

int run_federation_demo(const DemoArgs& args) {
  namespace fs = std::filesystem;
  const std::string dir = fs::absolute(args.out + "/federation").lexically_normal().string();
  const std::string cohort = fs::absolute(args.out + "/cohort").lexically_normal().string();
  std::vector<std::string> sites;
  for (std::uint64_t k = 1; k <= args.sites; ++k) sites.push_back(fmt::format("site_{}", k));

  fmt::print("\n== Federation: {} site nodes on loopback, mutual TLS, threshold encryption\n", sites.size());
  if (int code = step("Federation certificate authority", {"ca", "init", "--dir", dir + "/ca", "--name", "Demo federation"})) return code;
  for (const auto& site : sites) {
    if (int code = step("Node certificate for " + site, {"ca", "issue", "--dir", dir + "/ca", "--node", site, "--out", dir + "/certs"})) return code;
  }
  if (int code = step("Node certificate for the key-generation relay",
                      {"ca", "issue", "--dir", dir + "/ca", "--node", "coordinator", "--out", dir + "/certs"})) return code;
  if (int code = step("Researcher certificate", {"ca", "issue", "--dir", dir + "/ca", "--researcher", "alice", "--out", dir + "/certs"})) return code;

  std::vector<node::NodeProcess> nodes;
  std::vector<int> ports;
  for (const auto& site : sites) {
    const std::string home = dir + "/" + site;
    fs::create_directories(home);
    if (auto written = write(home + "/node.toml", node_config(dir, site, cohort)); !written) return report(written.error());
    fmt::print("\n$ oncoshare node serve --config {}/node.toml &\n", home);
    auto started = node::NodeProcess::start("/proc/self/exe", home + "/node.toml", home + "/node.log");
    if (!started) return report(started.error());
    nodes.push_back(std::move(*started));
    ports.push_back(nodes.back().port());
    fmt::print("{} listening on 127.0.0.1:{} (log {}/node.log)\n", site, ports.back(), home);
  }

  const std::uint32_t threshold = sites.size() >= 3 ? 2 : static_cast<std::uint32_t>(sites.size());
  if (auto w = write(dir + "/federation.toml", federation_table(dir, "coordinator", sites, ports)); !w) return report(w.error());
  if (int code = step(fmt::format("Distributed key generation, {}-of-{}", threshold, sites.size()),
                      {"study", "keygen", "--federation", dir + "/federation.toml", "--threshold", std::to_string(threshold)})) {
    return code;
  }

  const std::string study_path = dir + "/study.toml";
  if (auto w = write(study_path, std::string(kStudy) + "\n" + federation_table(dir, "alice", sites, ports)); !w) return report(w.error());
  fmt::print("\nStudy by researcher 'alice' ({}): every node encrypts its counts, {} of {} decrypt the sum\n"
             "$ oncoshare study run {}\n", study_path, threshold, sites.size(), study_path);
  std::fflush(stdout);
  auto study = coordinator::load_study(study_path);
  if (!study) return report(study.error());
  auto federated = coordinator::run_study(*study);
  if (!federated) return report(federated.error());
  fmt::print("{}", coordinator::study_text(*federated));
  if (auto w = write(args.out + "/study.html", coordinator::study_html(*federated)); !w) return report(w.error());
  if (auto w = write(args.out + "/study.json", coordinator::study_json(*federated).dump(2) + "\n"); !w) return report(w.error());

  auto pooled = pooled_in_clear(*study, *federated, cohort, sites);
  if (!pooled) return report(pooled.error());
  fmt::print("\n== For comparison: the same statistics computed in clear on all records pooled\n{}",
             coordinator::study_text(*pooled));

  bool identical = true;
  fmt::print("\n== Federated (encrypted) vs pooled (clear)\n");
  for (std::size_t q = 0; q < federated->queries.size(); ++q) {
    if (const auto& model = federated->queries[q].model) {
      double difference = max_difference(*model, *pooled->queries[q].model);
      bool close = difference <= 1e-8;
      identical = identical && close;
      fmt::print("  {:<40} {} (largest coefficient / SE difference {:.1e})\n", federated->queries[q].answer.query.name,
                 close ? "equal within 1e-8" : "DIFFERENT", difference);
      continue;
    }
    bool same = federated->queries[q].answer.cells == pooled->queries[q].answer.cells;
    identical = identical && same;
    fmt::print("  {:<40} {} ({} cells)\n", federated->queries[q].answer.query.name, same ? "identical" : "DIFFERENT",
               federated->queries[q].answer.cells.size());
  }
  nodes.clear();  // SIGTERM: each node seals its audit log with a signed checkpoint
  if (int code = step("Verify site_1's audit log (hash chain and signed checkpoints)",
                      {"audit", "verify", dir + "/site_1/audit.log", "--cert", dir + "/certs/site_1.crt"})) {
    return code;
  }
  if (!identical) {
    fmt::print(stderr, "oncoshare demo: the federated results differ from the pooled computation\n");
    return 1;
  }
  fmt::print("\nfederated study: results identical to the pooled computation; report {0}/study.html, JSON {0}/study.json\n",
             args.out);
  return 0;
}

}  // namespace oncoshare::cli
