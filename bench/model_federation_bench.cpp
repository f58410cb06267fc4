// Federated logistic regression over real loopback HTTPS: 10 in-process site nodes (mutual
// TLS, certificates from a fresh CA), each serving its own REDCap export (rows x 20 numeric
// covariates + a yesno outcome, from bench/logistic_data.hpp), and the coordinator's own
// parse_study + run_study fitting "y ~ x1 + ... + x20" by exact Newton with every round
// summed by secure aggregation between the nodes. In the same run, from designs built out
// of the same CSVs: the centralised fit, the same federated Newton in process with plain
// sums (the loopback overhead), FedAvg and ADMM.
// Usage: model_federation_bench [rows_per_site] (the nodes log each request to stderr).
// Eigen-using headers first, before anything that may pull in <resolv.h> (its `_res` macro
// breaks Eigen).
#include "coordinator/study_run.hpp"
#include "models/models.hpp"
#include "must.hpp"
#include "node/pki.hpp"
#include "node/store.hpp"

#include <fmt/format.h>
#include <fmt/os.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "logistic_data.hpp"
#include "peak_memory.hpp"
#include "running_node.hpp"
#include "scratch_dir.hpp"

namespace fs = std::filesystem;
namespace co = oncoshare::coordinator;
namespace models = oncoshare::models;
namespace node = oncoshare::node;
using oncoshare::bench::estimates;
using oncoshare::bench::max_error;

namespace {

using oncoshare::bench::must;

using Clock = std::chrono::steady_clock;
constexpr std::size_t kSites = 10;
constexpr std::size_t kCovariates = 20;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::string site(std::size_t i) { return fmt::format("site_{}", i + 1); }

std::string formula() {
  std::string out = "y ~ x1";
  for (std::size_t j = 2; j <= kCovariates; ++j) out += fmt::format(" + x{}", j);
  return out;
}

// A REDCap data dictionary (UI format): record_id, x1..xp (number), y (yesno).
void write_dictionary(const std::string& path) {
  auto out = fmt::output_file(path);
  out.print("\"Variable / Field Name\",\"Form Name\",\"Section Header\",\"Field Type\",\"Field Label\","
            "\"Choices, Calculations, OR Slider Labels\",\"Field Note\",\"Text Validation Type OR Show Slider Number\","
            "\"Text Validation Min\",\"Text Validation Max\",Identifier?,\"Branching Logic (Show field only if...)\","
            "\"Required Field?\",\"Custom Alignment\",\"Question Number (surveys only)\",\"Matrix Group Name\","
            "\"Matrix Ranking?\",\"Field Annotation\"\n");
  out.print("record_id,model,,text,\"Record ID\",,,,,,,,,,,,,\n");
  for (std::size_t j = 1; j <= kCovariates; ++j) out.print("x{0},model,,text,\"Covariate {0}\",,,number,,,,,,,,,,\n", j);
  out.print("y,model,,yesno,\"Outcome\",,,,,,,,,,,,,\n");
}

// One flat raw export per site, rows drawn from one stream site after site (as
// logistic_designs() does), covariates rounded to 6 decimals.
void write_exports(const std::string& dir, std::size_t rows) {
  oncoshare::bench::LogisticRows draw;
  std::vector<double> x(kCovariates);
  for (std::size_t k = 0; k < kSites; ++k) {
    auto out = fmt::output_file(fmt::format("{}/{}.csv", dir, site(k)));
    out.print("record_id");
    for (std::size_t j = 1; j <= kCovariates; ++j) out.print(",x{}", j);
    out.print(",y\n");
    for (std::size_t i = 0; i < rows; ++i) {
      const double y = draw.next(x);
      out.print("{}-{}", k + 1, i + 1);
      for (double v : x) out.print(",{:.6f}", v);
      out.print(",{}\n", static_cast<int>(y));
    }
  }
}


std::string study_text(const std::string& dir, const std::vector<int>& ports) {
  std::string out = fmt::format(R"([study]
title = "model federation bench"
dataset = "registry"
purpose = {{ use = "HMB", irb_approved = true }}

[[query]]
name = "logistic"
type = "glm"
formula = "{}"
family = "binomial"

[federation]
ca = "{dir}/ca/ca.crt"
cert = "{dir}/certs/alice.crt"
key = "{dir}/certs/alice.key"
timeout_seconds = 600
)",
                                formula(), fmt::arg("dir", dir));
  for (std::size_t i = 0; i < ports.size(); ++i) {
    out += fmt::format("[[federation.nodes]]\nname = \"{}\"\naddress = \"127.0.0.1:{}\"\n", site(i), ports[i]);
  }
  return out;
}

// Each site's design, read from its export exactly as its node reads it.
std::vector<models::Design> site_designs(const std::string& dir) {
  const auto terms = must(models::parse_formula(formula()), "formula");
  std::vector<models::Design> out;
  for (std::size_t k = 0; k < kSites; ++k) {
    node::DatasetConfig config;
    config.id = "site";
    config.dictionary = dir + "/data/dictionary.csv";
    config.exports = {fmt::format("{}/data/{}.csv", dir, site(k))};
    const auto dataset = must(node::load_dataset(config, ":memory:"), "load_dataset");
    out.push_back(must(models::build_design(dataset->table, terms), "build_design"));
  }
  return out;
}

void row(const std::string& method, std::size_t rounds, double seconds, double error) {
  fmt::print("{:<40} {:>7} {:>10.3f} {:>14.3g} {:>10.1f}\n", method, rounds, seconds, error,
             oncoshare::bench::peak_rss_mib());
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t rows = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
  if (rows == 0) return fmt::print(stderr, "usage: model_federation_bench [rows_per_site > 0]\n"), 2;
  const oncoshare::bench::ScratchDir scratch("model-federation-bench");
  const std::string& dir = scratch.path();
  fs::create_directories(dir + "/data");

  auto start = Clock::now();
  write_dictionary(dir + "/data/dictionary.csv");
  write_exports(dir + "/data", rows);
  must(node::init_ca(dir + "/ca", "Bench federation", node::KeyAlgorithm::ed25519), "ca");
  for (std::size_t i = 0; i < kSites; ++i) {
    (void)must(node::issue_certificate(dir + "/ca", {node::Role::node, site(i)}, dir + "/certs"), "cert");
  }
  (void)must(node::issue_certificate(dir + "/ca", {node::Role::researcher, "alice"}, dir + "/certs"), "cert");
  fmt::print("model_federation_bench: logistic, {} sites x {} rows x {} covariates (+ intercept)\n", kSites, rows,
             kCovariates);
  fmt::print("setup: REDCap exports + CA + {} certificates                 {:8.2f} s\n", kSites + 1, seconds_since(start));

  start = Clock::now();
  std::vector<std::unique_ptr<oncoshare::bench::RunningNode>> nodes;
  std::vector<int> ports;
  std::vector<std::string> sites;
  for (std::size_t i = 0; i < kSites; ++i) sites.push_back(site(i));
  for (std::size_t i = 0; i < kSites; ++i) {
    fs::create_directories(dir + "/" + site(i));
    nodes.push_back(must(oncoshare::bench::RunningNode::start(oncoshare::bench::bench_node_config(dir, site(i), "GRU", sites), site(i) + ".toml", dir), "node start"));
    ports.push_back(nodes.back()->port());
  }
  fmt::print("setup: {} nodes loaded their exports and listen (mutual TLS) {:8.2f} s\n", kSites, seconds_since(start));

  const co::StudySpec study = must(co::parse_study(study_text(dir, ports), "study.toml", dir), "study");
  start = Clock::now();
  const co::StudyResult result = must(co::run_study(study), "run_study");
  const double https_seconds = seconds_since(start);
  nodes.clear();
  const co::ModelOutcome& outcome = *result.queries.front().model;
  const models::GlmResult& secure_fit = *outcome.glm;

  start = Clock::now();
  const std::vector<models::Design> designs = site_designs(dir);
  fmt::print("setup: the same exports read into {} site designs            {:8.2f} s\n\n", kSites, seconds_since(start));

  fmt::print("{:<40} {:>7} {:>10} {:>14} {:>10}\n", "method", "rounds", "wall s", "max|d coef|", "peak MiB");
  std::vector<models::Design> pooled;
  pooled.push_back(oncoshare::bench::pooled_design(designs));
  start = Clock::now();
  const auto central = must(models::fit_glm(pooled, {}), "centralised fit");
  row("centralised Newton (IRLS)", central.rounds, seconds_since(start), 0.0);
  pooled.clear();

  for (std::size_t j = 0; j < central.coefficients.size(); ++j) {
    if (secure_fit.coefficients.at(j).name != central.coefficients[j].name) {
      fmt::print(stderr, "model_federation_bench: coefficient {} is {} over HTTPS but {} in process\n", j,
                 secure_fit.coefficients.at(j).name, central.coefficients[j].name);
      return 1;
    }
  }
  const double secure_error = max_error(estimates(secure_fit), central);
  row(fmt::format("secure Newton, HTTPS ({} aggregations)", outcome.aggregations), secure_fit.rounds, https_seconds,
      secure_error);

  start = Clock::now();
  const auto plain = must(models::fit_glm(designs, {}), "in-process fit");
  const double plain_seconds = seconds_since(start);
  row("federated Newton, in process, plain", plain.rounds, plain_seconds, max_error(estimates(plain), central));

  start = Clock::now();
  const auto fedavg = must(models::fedavg_logistic(designs), "FedAvg");
  row(fedavg.converged ? "FedAvg (5 epochs, lr 1)" : "FedAvg (NOT converged)", fedavg.rounds, seconds_since(start),
      max_error(fedavg.coefficients, central));

  start = Clock::now();
  const auto admm = must(models::admm_logistic(designs), "ADMM");
  row(admm.converged ? "ADMM (rho 0.1, alpha 1.5)" : "ADMM (NOT converged)", admm.rounds, seconds_since(start),
      max_error(admm.coefficients, central));

  const double rounds = static_cast<double>(secure_fit.rounds);
  fmt::print("\nloopback overhead: {:.3f} s over HTTPS - {:.3f} s in process = {:.3f} s ({:.0f} ms per round, x{:.1f})\n",
             https_seconds, plain_seconds, https_seconds - plain_seconds,
             1e3 * (https_seconds - plain_seconds) / rounds, https_seconds / plain_seconds);
  fmt::print("targets: rounds <= 8: {} ({}); error <= 1e-8: {} ({:.3g}); wall < 5 s: {} ({:.2f} s)\n",
             secure_fit.rounds <= 8 ? "met" : "MISSED", secure_fit.rounds, secure_error <= 1e-8 ? "met" : "MISSED",
             secure_error, https_seconds < 5 ? "met" : "MISSED", https_seconds);
  fmt::print("({} nodes, the coordinator and this bench share {} hardware threads)\n", kSites,
             std::thread::hardware_concurrency());
  return 0;
}
