// The federation part of `oncoshare demo`: certificates, node processes, key generation,
// the study, and the comparison with the computation in clear (demo_pooled.cpp).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/app.hpp"
#include "cli/command.hpp"
#include "cli/demo.hpp"
#include "coordinator/study_report.hpp"
#include "core/atomic_output.hpp"
#include "node/config.hpp"
#include "node/node_process.hpp"

namespace oncoshare::cli {

namespace {

// The shipped defaults, plus the federation's minimum number of contributing nodes.
const char* kDefaultPolicy = R"([datasets.policy]
min_cell_size = 5
min_contributors = 2
)";

// The loosest policy a node accepts: no noise and no budget charged, no minimum subset,
// bin width, grid step or model size. Only the overlap control still runs (with a minimum
// difference of 1 it never refuses), so the two policies differ by the cost of the checks.
const char* kOpenPolicy = R"([datasets.policy]
min_cell_size = 1
min_contributors = 1
dp_epsilon = "0"
model_epsilon = "0"
exact_answers = true
min_subset_size = 1
min_bin_width = 1
min_time_step = 1
exact_event_times = true
model_rows_per_parameter = 1
max_saturation = 1
max_model_rounds = 10000
)";

std::string node_config(const std::string& dir, const std::string& site, const std::string& cohort,
                        const std::vector<std::string>& sites, const std::string& policy) {
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

{policy}
# The federation: only these nodes' signed contributions count.{roster})",
                     fmt::arg("dir", dir), fmt::arg("site", site), fmt::arg("cohort", cohort),
                     fmt::arg("roster", node::roster_toml(sites, dir + "/certs")),
                     fmt::arg("policy", policy == "open" ? kOpenPolicy : kDefaultPolicy));
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
    if (auto written = write(home + "/node.toml", node_config(dir, site, cohort, sites, args.policy)); !written) return report(written.error());
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
  const nlohmann::json report_json = coordinator::study_json(*federated);
  auto check = coordinator::verify_report_against(report_json, dir + "/ca/ca.crt");
  if (!check) return report(check.error());
  if (auto w = write(args.out + "/study.html", coordinator::study_html(*federated, &*check)); !w) return report(w.error());
  if (auto w = write(args.out + "/study.json", report_json.dump(2) + "\n"); !w) return report(w.error());
  if (int code = step("Anyone can check the report: signatures, certificates, proofs and every number",
                      {"study", "verify", args.out + "/study.json", "--ca", dir + "/ca/ca.crt"})) {
    return code;
  }

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
      fmt::print("  {:<48} {} (largest coefficient / SE difference {:.1e})\n", federated->queries[q].answer.query.name,
                 close ? "equal within 1e-8" : "DIFFERENT", difference);
      continue;
    }
    const auto& answer = federated->queries[q].answer;
    const std::size_t cells = answer.cells.size();
    const double sd = coordinator::noise_sd(answer);
    std::int64_t worst = 0;
    for (std::size_t k = 0; k < cells; ++k) worst = std::max(worst, std::abs(answer.cells[k] - pooled->queries[q].answer.cells[k]));
    // Differential privacy: each released cell is the pooled value plus noise of the
    // configured scale; 8 standard deviations are exceeded with negligible probability.
    const bool within = sd == 0 ? worst == 0 : static_cast<double>(worst) <= 8 * sd;
    identical = identical && within;
    if (sd == 0) {
      fmt::print("  {:<48} {} ({} cell{})\n", answer.query.name, within ? "identical" : "DIFFERENT", cells, cells == 1 ? "" : "s");
    } else {
      fmt::print("  {:<48} {} ({} cell{}: largest difference {}, noise standard deviation {:.1f})\n", answer.query.name,
                 within ? "pooled value + noise" : "DIFFERENT", cells, cells == 1 ? "" : "s", worst, sd);
    }
  }
  nodes.clear();  // SIGTERM: each node seals its audit log with a signed closing seal
  if (int code = step("Verify site_1's audit log (hash chain, signed checkpoints and closing seal)",
                      {"audit", "verify", dir + "/site_1/audit.log", "--cert", dir + "/certs/site_1.crt"})) {
    return code;
  }
  if (!identical) {
    fmt::print(stderr, "oncoshare demo: the federated results differ from the pooled computation\n");
    return 1;
  }
  fmt::print("\nfederated study: models identical to the pooled computation, aggregates {0}; report "
             "{1}/study.html, JSON {1}/study.json\n",
             args.policy == "open" ? "identical to it (exact answers)" : "equal to it plus the configured noise",
             args.out);
  return 0;
}

}  // namespace oncoshare::cli
