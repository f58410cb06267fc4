// The privacy-budget ledger under concurrent researchers. First DpLedger itself, the way a
// node uses it (one ledger file, one DpLedger shared by the request threads): 20 researchers
// each spending small amounts on their own (identity, source) pair, then recording the
// 1,000-patient subsets of exact answers for the overlap control (each call reads that
// researcher's growing history), each next to one researcher alone. Then end to end: 20
// researcher clients asking one real node (mutual TLS on loopback) for a count in clear,
// with differential privacy on (a spend per answer) next to the loosest policy (exact
// answers: an overlap-control write per answer) and next to one client.
// The ledger has no command of its own: the first figures are in-process component figures,
// the second the real `oncoshare node serve` process that writes it, asked by researcher
// clients in this process (coordinator::run_query, what `oncoshare study run` calls per
// query). Users' whole-process `study run` against node processes is timed by
// federation_bench and disclosure_bench, the node under load by node_load_bench.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "coordinator/federated_query.hpp"
#include "coordinator/session.hpp"
#include "latency.hpp"
#include "must.hpp"
#include "node/dp_ledger.hpp"
#include "node/node_process.hpp"
#include "node/pki.hpp"
#include "peak_memory.hpp"
#include "node_config.hpp"
#include "scratch_dir.hpp"
#include "throughput_table.hpp"
#include "secure/secure.hpp"
#include "synth/synth.hpp"

namespace fs = std::filesystem;
namespace co = oncoshare::coordinator;
namespace node = oncoshare::node;
using nlohmann::json;

namespace {

using oncoshare::bench::must;

using Clock = std::chrono::steady_clock;
constexpr int kResearchers = 20;
constexpr int kSpends = 100;  // per researcher
constexpr int kSubsets = 50;  // per researcher: the history grows to this many subsets
constexpr std::size_t kSubsetSize = 1000;
constexpr std::size_t kSitePatients = 3000;  // the subsets are drawn from one site's patients
constexpr int kQueries = 20;                 // per client, end to end
constexpr int kServerThreads = 8;            // cpp-httplib's pool on a machine of up to 9 cores

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Writes per second and per-write latency of `researchers` threads each making `writes`
// calls of `write(researcher, i)`.
struct Throughput {
  double per_second = 0;
  oncoshare::bench::Latency latency;
};

template <class Write>
Throughput concurrently(int researchers, int writes, Write&& write) {
  std::vector<std::vector<double>> ms(researchers);
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (int r = 0; r < researchers; ++r) {
    threads.emplace_back([&, r] {
      for (int i = 0; i < writes; ++i) {
        const auto one = Clock::now();
        write(r, i);
        ms[r].push_back(ms_since(one));
      }
    });
  }
  for (auto& t : threads) t.join();
  const double wall_ms = ms_since(start);
  std::vector<double> all;
  for (const auto& m : ms) all.insert(all.end(), m.begin(), m.end());
  return {researchers * writes / (wall_ms / 1e3), oncoshare::bench::summarize(std::move(all))};
}

void row(const std::string& what, const Throughput& t, const char* unit) {
  std::printf("  %-44s %9.0f %-9s %8.2f %8.2f %8.2f\n", what.c_str(), t.per_second, unit,
              t.latency.p50, t.latency.p90, t.latency.p99);
}

std::string researcher(int r) { return fmt::format("researcher_{}", r); }

// Sorted digests of `kSubsetSize` of one site's patients, as a node records an exact answer's
// subset.
std::vector<std::uint64_t> random_subset(std::mt19937_64& random) {
  static const std::vector<std::uint64_t> site = [] {
    std::mt19937_64 digests(7);
    std::vector<std::uint64_t> patients(kSitePatients);
    for (auto& p : patients) p = digests();
    return patients;
  }();
  std::vector<std::uint64_t> subset;
  std::sample(site.begin(), site.end(), std::back_inserter(subset), kSubsetSize, random);
  std::sort(subset.begin(), subset.end());
  return subset;
}

void ledger_figures(const std::string& dir) {
  // Each scenario on a fresh ledger file, in the node's configuration (WAL, synchronous=FULL).
  int file = 0;
  auto fresh_ledger = [&] {
    return must(node::DpLedger::open(fmt::format("{}/ledger_{}.sqlite", dir, file++),
                                     1'000'000 * node::kMicroPerEpsilon),
                "open ledger");
  };
  const std::string source(64, 'a');  // a source_sha256
  auto spends = [&](int researchers) {
    auto ledger = fresh_ledger();
    return concurrently(researchers, kSpends, [&](int r, int i) {
      (void)must(ledger.spend(researcher(r), source, 1, fmt::format("{}-{}", r, i)), "spend");
    });
  };
  auto subsets = [&](int researchers) {
    auto ledger = fresh_ledger();
    std::vector<std::vector<std::vector<std::uint64_t>>> drawn(researchers);
    std::mt19937_64 random(11);
    for (auto& mine : drawn)
      for (int i = 0; i < kSubsets; ++i) mine.push_back(random_subset(random));
    return concurrently(researchers, kSubsets, [&](int r, int i) {
      must(ledger.admit_subset(researcher(r), source, drawn[r][i], 5, fmt::format("{}-{}", r, i)),
           "admit_subset");
    });
  };
  std::printf(
      "DpLedger on one SQLite file (WAL, synchronous=FULL), one DpLedger shared by the threads as "
      "in a node;\n"
      "%d spends of 1e-6 per researcher; %d admit_subset of %zu patients per researcher (history "
      "0..%d)\n",
      kSpends, kSubsets, kSubsetSize, kSubsets - 1);
  std::printf("  %-44s %19s %8s %8s %8s\n", "", "throughput", "p50 ms", "p90 ms", "p99 ms");
  row("spend, 1 researcher", spends(1), "writes/s");
  row(fmt::format("spend, {} researchers", kResearchers), spends(kResearchers), "writes/s");
  row("admit_subset, 1 researcher", subsets(1), "writes/s");
  row(fmt::format("admit_subset, {} researchers", kResearchers), subsets(kResearchers), "writes/s");
}

co::StudySpec count_study(const std::string& dir, const std::string& who, const std::string& site,
                          int port) {
  co::StudySpec study;
  study.path = "ledger_bench";
  study.title = "ledger bench";
  study.dataset = "registry";
  study.purpose = json{{"use", "HMB"}, {"irb_approved", true}};
  study.mode = co::QueryMode::plaintext;
  study.federation.ca = dir + "/ca/ca.crt";
  study.federation.cert = dir + "/certs/" + who + ".crt";
  study.federation.key = dir + "/certs/" + who + ".key";
  study.federation.timeout_seconds = 120;
  study.federation.nodes.push_back({site, "127.0.0.1", port});
  study.queries = {co::QuerySpec{"count", "count", json{{"filter", "age_dx >= 60"}}}};
  return study;
}

// `clients` researchers, each with its own session, asking the node at `port` `kQueries` counts.
Throughput answers(const std::string& dir, const std::string& site, int port, int clients,
                   const std::string& prefix, const oncoshare::secure::DlogTable& table) {
  std::vector<co::StudySpec> studies;
  std::vector<co::FederationSession> sessions;
  for (int c = 0; c < clients; ++c) {
    studies.push_back(count_study(dir, fmt::format("{}_{}", prefix, c), site, port));
    sessions.push_back(must(co::open_session(studies.back()), "open_session"));
  }
  return concurrently(clients, kQueries, [&](int c, int) {
    (void)must(co::run_query(sessions[c], studies[c], studies[c].queries.front(), &table), "count");
  });
}

void http_figures(const std::string& dir) {
  must(node::init_ca(dir + "/ca", "Bench federation", node::KeyAlgorithm::ed25519), "ca");
  const std::vector<std::string> sites{"site_1", "site_2"};
  for (const auto& s : sites)
    (void)must(node::issue_certificate(dir + "/ca", {node::Role::node, s}, dir + "/certs"), "cert");
  oncoshare::synth::SynthOptions options;
  options.sites = sites.size();
  options.patients = 2 * kSitePatients;
  options.seed = 7;
  options.defect_rate = 0;
  options.show_progress = false;
  options.out = dir + "/data";
  (void)must(oncoshare::synth::generate(options), "synth");
  for (const auto& s : sites) fs::create_directories(dir + "/" + s);

  // Real node processes (`oncoshare node serve`, as an operator runs them): site_1 with the
  // default policy (dp_epsilon 0.5 per answer; a budget no run exhausts), site_2 with the
  // loosest one.
  auto serve = [&](const std::string& site, const std::string& policy) {
    const std::string config = dir + "/" + site + ".toml";
    std::ofstream(config) << oncoshare::bench::bench_node_config(dir, site, "HMB IRB", sites, 0,
                                                                 policy);
    return must(node::NodeProcess::start(ONCOSHARE_BINARY, config, dir + "/" + site + ".log"),
                "node start");
  };
  const auto dp = serve("site_1", "dp_budget = \"1000000\"\n");
  const auto open = serve("site_2", std::string(oncoshare::bench::kExactAnswers) +
                                        "min_cell_size = 1\nmin_subset_size = 1\n");
  const auto table = must(oncoshare::secure::DlogTable::create(), "dlog table");

  // The node answers with a pool of kServerThreads threads and clients keep their connection
  // open, so up to that many clients are served at once: that many clients show the ledger's
  // throughput, 20 what researchers see.
  struct Scenario {
    std::string label, site;
    int port, clients;
  };
  const std::vector<Scenario> scenarios{
      {"default policy (DP, a spend per answer), 1 client", "site_1", dp.port(), 1},
      {fmt::format("default policy, {} clients", kServerThreads), "site_1", dp.port(),
       kServerThreads},
      {fmt::format("default policy, {} clients", kResearchers), "site_1", dp.port(), kResearchers},
      {fmt::format("loosest policy (exact answers), {} clients", kServerThreads), "site_2",
       open.port(), kServerThreads},
      {fmt::format("loosest policy (exact answers), {} clients", kResearchers), "site_2",
       open.port(), kResearchers},
  };
  std::printf(
      "\none `oncoshare node serve` process per policy (%zu patients, mutual TLS on loopback), `count` in "
      "clear, %d per client\n(clients: threads of this process calling coordinator::run_query)\n",
      kSitePatients, kQueries);
  std::printf("  %-44s %19s %8s %8s %8s\n", "", "throughput", "p50 ms", "p90 ms", "p99 ms");
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    // Each scenario's researchers are new to the node: their ledger history starts empty.
    const std::string prefix = fmt::format("researcher{}", i);
    for (int c = 0; c < scenarios[i].clients; ++c) {
      (void)must(node::issue_certificate(dir + "/ca",
                                         {node::Role::researcher, fmt::format("{}_{}", prefix, c)},
                                         dir + "/certs"),
                 "cert");
    }
    row(scenarios[i].label,
        answers(dir, scenarios[i].site, scenarios[i].port, scenarios[i].clients, prefix, table),
        "answers/s");
  }
  std::printf(
      "  (with more clients than the node's %d threads, a client can wait for another's idle "
      "connection\n"
      "   to reach the 5 s keep-alive timeout: a p99 near 5,000 ms is that wait, not the ledger)\n",
      kServerThreads);
}

}  // namespace

int main() {
  std::signal(SIGPIPE,
              SIG_IGN);  // a closed connection is an error to report, not the end of the bench
  const oncoshare::bench::ScratchDir scratch("ledger-bench");
  oncoshare::bench::print_component_bench(
      "The privacy-budget ledger (node::DpLedger)",
      "`oncoshare node serve` (one spend or overlap check per answer); the second part below asks a real\n"
      "node process, `study run` against node processes is timed by federation_bench and disclosure_bench");
  ledger_figures(scratch.path());
  http_figures(scratch.path());
  std::printf(
      "\n%u hardware threads; peak RSS %.1f MiB (the clients and the bench; the nodes are separate "
      "processes)\n",
      std::thread::hardware_concurrency(), oncoshare::bench::peak_rss_mib());
  return 0;
}
