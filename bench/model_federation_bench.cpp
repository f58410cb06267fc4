// Federated logistic regression timed as users run it: `oncoshare study run study.toml
// --format json` as a whole process against 10 `oncoshare node serve` processes (mutual TLS
// on loopback, certificates from a fresh CA), each serving its own REDCap export (rows x 20
// numeric covariates + a yesno outcome, from bench/logistic_data.hpp), fitting
// "y ~ x1 + ... + x20" by exact Newton with every round summed by secure aggregation between
// the nodes. The baseline, on the same rows in the same run, is the centralised fit of all
// rows pooled on one machine (in process: no command fits pooled data). In process, as
// extra figures: the same federated Newton with plain sums (no network, no secure
// aggregation), FedAvg and ADMM; then each method's agreement with the centralised fit.
// Usage: model_federation_bench [rows_per_site=10000]
// Eigen-using headers first, before anything that may pull in <resolv.h> (its `_res` macro
// breaks Eigen).
#include "models/models.hpp"
#include "node/store.hpp"

#include <fmt/format.h>
#include <fmt/os.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "logistic_data.hpp"
#include "must.hpp"
#include "process_federation.hpp"
#include "scratch_dir.hpp"
#include "throughput_table.hpp"

namespace fs = std::filesystem;
namespace models = oncoshare::models;
namespace node = oncoshare::node;
namespace bench = oncoshare::bench;
using bench::estimates;
using bench::FigureKind;
using bench::max_error;
using bench::must;

namespace {

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

std::string study_tables() {
  return fmt::format(R"([study]
title = "model federation bench"
dataset = "registry"
purpose = {{ use = "HMB", irb_approved = true }}

[[query]]
name = "logistic"
type = "glm"
formula = "{}"
family = "binomial"
)",
                     formula());
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

// Estimates of the fit in a `study run --format json` report, in coefficient order.
std::vector<double> report_estimates(const nlohmann::json& report) {
  std::vector<double> out;
  for (const auto& c : report.at("queries").at(0).at("fit").at("coefficients")) out.push_back(c.at("estimate"));
  return out;
}

void agreement(const std::string& method, std::size_t rounds, double error) {
  fmt::print("  {:<52} {:>7} {:>14.3g}\n", method, rounds, error);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t rows = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 10000;
  if (rows == 0) return fmt::print(stderr, "usage: model_federation_bench [rows_per_site > 0]\n"), 2;
  const bench::ScratchDir scratch("model-federation-bench");
  const std::string& dir = scratch.path();
  fs::create_directories(dir + "/data");

  auto start = Clock::now();
  write_dictionary(dir + "/data/dictionary.csv");
  write_exports(dir + "/data", rows);
  std::vector<std::string> sites;
  for (std::size_t i = 0; i < kSites; ++i) sites.push_back(site(i));
  bench::ProcessFederation federation(dir, sites, {"alice"});
  federation.start("GRU");
  fmt::print("model_federation_bench: logistic, {} sites x {} rows x {} covariates (+ intercept)\n", kSites, rows,
             kCovariates);
  fmt::print("setup: exports, CA, certificates, {} `oncoshare node serve` processes up  {:.2f} s\n", kSites,
             seconds_since(start));
  // The rows as the nodes read them, for the in-process figures (built before any child is forked).
  const std::vector<models::Design> designs = site_designs(dir);
  std::vector<models::Design> pooled;
  pooled.push_back(bench::pooled_design(designs));

  const std::string study = federation.write_study("study", study_tables());
  const std::string report = dir + "/report.json";
  std::vector<std::string> command = bench::ProcessFederation::study_run(study, report);
  command.insert(command.end(), {"--format", "json"});
  bench::ThroughputTable table("rows", static_cast<double>(kSites * rows), 0);
  table.run_in_process("centralised Newton of the pooled rows, in process",
                       [&] { return models::fit_glm(pooled, {}).has_value(); }, FigureKind::baseline);
  const bench::ProcessRun command_run =
      table.run(FigureKind::command, "oncoshare study run (secure Newton, 10 nodes)", command, dir + "/study.log");
  table.run_in_process("federated Newton, plain sums", [&] { return models::fit_glm(designs, {}).has_value(); });
  table.run_in_process("FedAvg (5 epochs, lr 1)", [&] { return models::fedavg_logistic(designs).has_value(); });
  table.run_in_process("ADMM (rho 0.1, alpha 1.5)", [&] { return models::admm_logistic(designs).has_value(); });
  fmt::print("\nmedian of 3 runs each; the node processes' peak memory: {:.1f} MiB (largest of {})\n",
             federation.node_peak_rss_mib(), kSites);
  table.print();

  // Agreement with the centralised fit, computed once more here.
  const auto central = must(models::fit_glm(pooled, {}), "centralised fit");
  const auto json = nlohmann::json::parse(std::ifstream(report));
  const auto& fit = json.at("queries").at(0);
  fmt::print("\n  {:<52} {:>7} {:>14}\n", "agreement with the centralised fit", "rounds", "max|d coef|");
  agreement(fmt::format("oncoshare study run ({} secure aggregations)", fit.at("aggregations").get<int>()),
            fit.at("fit").at("rounds").get<std::size_t>(), max_error(report_estimates(json), central));
  const auto plain = must(models::fit_glm(designs, {}), "in-process fit");
  agreement("federated Newton, plain sums (in process)", plain.rounds, max_error(estimates(plain), central));
  const auto fedavg = must(models::fedavg_logistic(designs), "FedAvg");
  agreement(fedavg.converged ? "FedAvg (in process)" : "FedAvg (in process, NOT converged)", fedavg.rounds,
            max_error(fedavg.coefficients, central));
  const auto admm = must(models::admm_logistic(designs), "ADMM");
  agreement(admm.converged ? "ADMM (in process)" : "ADMM (in process, NOT converged)", admm.rounds,
            max_error(admm.coefficients, central));
  const double command_seconds = command_run.wall_ms / 1e3;
  const auto rounds = fit.at("fit").at("rounds").get<std::size_t>();
  const double error = max_error(report_estimates(json), central);
  fmt::print("targets: rounds <= 8: {} ({}); error <= 1e-8: {} ({:.3g}); `study run` < 5 s: {} ({:.2f} s)\n",
             rounds <= 8 ? "met" : "MISSED", rounds, error <= 1e-8 ? "met" : "MISSED", error,
             command_seconds < 5 ? "met" : "MISSED", command_seconds);
  fmt::print("({} node processes, `study run` and this bench share {} hardware threads)\n", kSites,
             std::thread::hardware_concurrency());
  return 0;
}
