// Disclosure control timed as users run it. First on exports: `oncoshare privacy risk` and
// `oncoshare privacy generalise --k 5` as whole processes on a synthetic export, next to
// `wc -l` of the same file in the same run (privacy::assess_risk in process is an extra
// figure). Then the nodes' controls: `oncoshare demo` as a whole
// process once with the default node policy and once with `--policy open` (every control at
// its loosest, exact answers), then the demo's federated study, `oncoshare study run
// study.toml`, as a whole process against the demo's three node processes (restarted with
// `oncoshare node serve`), alternating between the two federations. Each run is made by a
// fresh researcher certificate: the default budget (10) covers two runs of this study
// (5 aggregates x 0.5 + 2 model fits x 1), and real researchers each start from a full one.
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "dictionary/mapping.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "latency.hpp"
#include "node/node_process.hpp"
#include "peak_memory.hpp"
#include "privacy/quasi_table.hpp"
#include "privacy/risk.hpp"
#include "scratch_dir.hpp"
#include "synthetic_cohort.hpp"
#include "throughput_table.hpp"
#include "whole_process.hpp"

namespace {

using oncoshare::bench::ProcessRun;
using oncoshare::bench::run_process;

constexpr int kWarmups = 1;  // per policy, not counted: page cache, first TLS sessions
constexpr int kRuns = 3;     // timed `study run`s per policy
constexpr int kSites = 3;    // the demo's default

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The demo's study.toml, run by `researcher` against nodes now listening on `ports`.
std::string study_for(const std::string& demo_study, const std::string& researcher,
                      const std::vector<int>& ports) {
  std::string out;
  std::size_t next = 0;
  const std::regex address(R"(address = "127\.0\.0\.1:\d+")");
  auto rest = demo_study.cbegin();
  for (std::sregex_iterator it(demo_study.begin(), demo_study.end(), address), end; it != end;
       ++it) {
    out.append(rest, (*it)[0].first);
    out += fmt::format("address = \"127.0.0.1:{}\"", ports.at(next++));
    rest = (*it)[0].second;
  }
  out.append(rest, demo_study.cend());
  return std::regex_replace(out, std::regex(R"(certs/alice\.)"), "certs/" + researcher + ".");
}

// One demo federation: its directory, the demo's own run, its nodes and the timed studies.
struct Federation {
  std::string policy;
  std::string out;  // the demo's --out
  ProcessRun demo;
  std::vector<oncoshare::node::NodeProcess> nodes;
  std::vector<double> study_ms;
  double study_rss_mib = 0;
  double node_rss_mib = 0;  // the largest of the nodes'

  [[nodiscard]] std::string federation() const { return out + "/federation"; }
};

void start_nodes(Federation& f, const std::string& binary) {
  for (int site = 1; site <= kSites; ++site) {
    const std::string home = fmt::format("{}/site_{}", f.federation(), site);
    auto node =
        oncoshare::node::NodeProcess::start(binary, home + "/node.toml", home + "/bench_node.log");
    if (!node) {
      std::fprintf(stderr, "disclosure_bench: %s\n", node.error().to_string().c_str());
      std::exit(1);
    }
    f.nodes.push_back(std::move(*node));
  }
}

std::string researcher(int run) { return fmt::format("researcher_{}", run); }

// `oncoshare privacy risk` in process: what the command computes, minus printing it.
bool assess_risk(const oncoshare::bench::SyntheticCohort& cohort, const std::vector<std::string>& quasi) {
  namespace privacy = oncoshare::privacy;
  auto dict = oncoshare::dictionary::read_redcap_dictionary(cohort.dictionary);
  if (!dict || !oncoshare::dictionary::apply_mapping(*dict, cohort.mapping)) return false;
  auto table = privacy::read_quasi_table(cohort.exports, *dict, quasi, "");
  return table && privacy::assess_risk(*table, {}).has_value();
}

void export_figures(const std::string& dir) {
  using oncoshare::bench::FigureKind;
  constexpr std::uint64_t kPatients = 50000;
  const auto cohort = oncoshare::bench::SyntheticCohort::make(dir + "/cohort", kPatients);
  const std::string& data = cohort.exports.front();
  const std::string log = dir + "/privacy.log";
  const std::vector<std::string> common{"--dictionary", cohort.dictionary, "--mapping",
                                        cohort.mapping, "--data", data, "--quasi", "age_dx,sex,postcode"};
  auto command = [&](const std::vector<std::string>& words, const std::vector<std::string>& extra) {
    std::vector<std::string> argv{ONCOSHARE_BINARY};
    argv.insert(argv.end(), words.begin(), words.end());
    argv.insert(argv.end(), common.begin(), common.end());
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
  };
  oncoshare::bench::ThroughputTable table("rows", static_cast<double>(cohort.rows), cohort.megabytes);
  table.run(FigureKind::baseline, "wc -l FILE", {"wc", "-l", data}, log);
  table.run(FigureKind::command, "oncoshare privacy risk --quasi age_dx,sex,postcode",
            command({"privacy", "risk"}, {}), log);
  table.run(FigureKind::command, "oncoshare privacy generalise --k 5 --out FILE",
            command({"privacy", "generalise"}, {"--k", "5", "--out", dir + "/generalised.csv"}), log);
  table.run_in_process("privacy::read_quasi_table + assess_risk",
                       [&] { return assess_risk(cohort, {"age_dx", "sex", "postcode"}); });
  std::printf("disclosure control on an export: %llu patients, %llu rows, %.1f MB, median of 3 runs each\n",
              static_cast<unsigned long long>(kPatients), static_cast<unsigned long long>(cohort.rows),
              cohort.megabytes);
  table.print();
  std::printf("\n");
}

}  // namespace

int main() {
  const oncoshare::bench::ScratchDir scratch("disclosure-bench");
  const std::string binary = ONCOSHARE_BINARY;
  export_figures(scratch.path());
  std::vector<Federation> federations(2);  // not an initializer list: node processes are move-only
  federations[0].policy = "default";
  federations[1].policy = "open";
  for (auto& f : federations) f.out = scratch.path() + "/" + f.policy;

  for (auto& f : federations) {
    const std::string log = f.out + "-demo.log";
    f.demo = run_process({binary, "demo", "--out", f.out, "--policy", f.policy}, log);
    oncoshare::bench::require_success(f.demo, "oncoshare demo --policy " + f.policy,
         log);  // exit 0: the study matched the pooled computation
    for (int run = 0; run < kWarmups + kRuns; ++run) {
      const std::string issue_log = f.out + "-issue.log";
      oncoshare::bench::require_success(run_process({binary, "ca", "issue", "--dir", f.federation() + "/ca", "--researcher",
                        researcher(run), "--out", f.federation() + "/certs"},
                       issue_log),
           "oncoshare ca issue", issue_log);
    }
    start_nodes(f, binary);
    const std::string demo_study = read_text(f.federation() + "/study.toml");
    std::vector<int> ports;
    for (const auto& node : f.nodes) ports.push_back(node.port());
    for (int run = 0; run < kWarmups + kRuns; ++run) {
      std::ofstream(fmt::format("{}/study_{}.toml", f.federation(), run))
          << study_for(demo_study, researcher(run), ports);
    }
  }

  // Alternating, so drift on a shared machine reaches both policies alike.
  for (int run = 0; run < kWarmups + kRuns; ++run) {
    for (auto& f : federations) {
      const std::string study = fmt::format("{}/study_{}.toml", f.federation(), run);
      const std::string log = fmt::format("{}/study_{}.log", f.federation(), run);
      const ProcessRun timed = run_process({binary, "study", "run", study, "--out",
                                            fmt::format("{}/study_{}.txt", f.federation(), run)},
                                           log);
      oncoshare::bench::require_success(timed, "oncoshare study run (" + f.policy + " policy)", log);
      if (run < kWarmups) continue;
      f.study_ms.push_back(timed.wall_ms);
      f.study_rss_mib = std::max(f.study_rss_mib, timed.peak_rss_mib);
    }
  }
  for (auto& f : federations) {
    for (const auto& node : f.nodes)
      f.node_rss_mib = std::max(f.node_rss_mib, oncoshare::bench::peak_rss_mib(node.pid()));
    f.nodes.clear();
  }

  std::printf(
      "the demo's federated study (%d sites, 3,000 patients, encrypted; 5 aggregates, a logistic "
      "and a Cox fit)\n"
      "as whole processes, %d runs per policy after %d warm-up, alternating\n\n",
      kSites, kRuns, kWarmups);
  std::printf("%-9s %14s %16s %16s %16s %14s %14s\n", "policy", "demo (1 run)", "study run p50",
              "study run p90", "study run mean", "study RSS", "node RSS");
  for (const auto& f : federations) {
    const auto l = oncoshare::bench::summarize(f.study_ms);
    std::printf("%-9s %11.0f ms %13.0f ms %13.0f ms %13.0f ms %10.1f MiB %10.1f MiB\n",
                f.policy.c_str(), f.demo.wall_ms, l.p50, l.p90, l.mean, f.study_rss_mib,
                f.node_rss_mib);
  }
  const double with_checks = oncoshare::bench::summarize(federations[0].study_ms).p50;
  const double without = oncoshare::bench::summarize(federations[1].study_ms).p50;
  std::printf("\ncost of the checks (default vs open, median study run): %+.0f ms (%+.1f%%)\n",
              with_checks - without, 100.0 * (with_checks - without) / without);
  std::printf(
      "(node RSS: the largest peak of the three node processes since their restart, over all "
      "runs;\n"
      " study RSS: the largest peak of the `study run` processes)\n");
  return 0;
}
