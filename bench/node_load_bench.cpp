// One node under 50 concurrent researchers, with the protections against hostile traffic on
// (connection caps, a TLS handshake deadline, nonces kept in a SQLite replay store that
// survives restarts) next to the same node with them off, in the same run. The node is a
// real `oncoshare node serve` process with the default policy (noisy counts, a ledger spend
// per answer); the researchers are threads of this program using coordinator::NodeClient,
// as `oncoshare study run` does, each asking for a count as soon as its last one is
// answered. Prints counts/s, latency percentiles and the node's peak memory.
// Usage: node_load_bench [SECONDS per configuration, default 20]
#include <fmt/format.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "closed_loop.hpp"
#include "coordinator/node_client.hpp"
#include "must.hpp"
#include "node/node_process.hpp"
#include "node/pki.hpp"
#include "peak_memory.hpp"
#include "node_config.hpp"
#include "scratch_dir.hpp"
#include "synth/synth.hpp"

namespace fs = std::filesystem;
namespace co = oncoshare::coordinator;
namespace node = oncoshare::node;
using nlohmann::json;

namespace {

using oncoshare::bench::must;

constexpr int kClients = 50;
constexpr std::uint64_t kPatients = 3000;
const std::string kSite = "site_1";

std::string researcher(int c) { return fmt::format("researcher_{}", c + 1); }

struct Configuration {
  std::string label;
  std::string node_keys;  // [node] lines
};

struct Measured {
  oncoshare::bench::LoadRun run;
  double node_peak_mib = 0;
  std::string first_failure;
};

// A fresh node with `keys`, kClients researchers asking it for counts for `duration`.
Measured measure(const std::string& dir, const Configuration& configuration,
                 std::chrono::seconds duration) {
  fs::remove_all(dir + "/" + kSite);  // a fresh ledger, audit log and replay store
  fs::create_directories(dir + "/" + kSite);
  const std::string config = dir + "/" + kSite + ".toml";
  std::ofstream(config) << oncoshare::bench::bench_node_config(
      dir, kSite, "HMB IRB", {kSite}, 0, "dp_budget = \"1000000\"\n", configuration.node_keys);
  auto serving = must(
      node::NodeProcess::start(ONCOSHARE_BINARY, config, dir + "/" + kSite + ".log"), "node start");

  std::vector<co::Federation> federations(kClients);
  std::vector<co::NodeClient> clients;
  for (int c = 0; c < kClients; ++c) {
    co::Federation& f = federations[static_cast<std::size_t>(c)];
    f.ca = dir + "/ca/ca.crt";
    f.cert = dir + "/certs/" + researcher(c) + ".crt";
    f.key = dir + "/certs/" + researcher(c) + ".key";
    f.timeout_seconds = 30;
    f.retries = 0;  // a failure is counted, not hidden
    clients.emplace_back(f, co::NodeAddress{kSite, "127.0.0.1", serving.port()});
  }
  const json count = {{"dataset", "registry"},
                      {"purpose", {{"use", "HMB"}, {"irb_approved", true}}},
                      {"mode", "plaintext"},
                      {"filter", "age_dx >= 60"}};
  Measured out;
  std::mutex mutex;
  out.run = oncoshare::bench::closed_loop(kClients, duration, [&](int c, std::size_t) {
    auto answer = clients[static_cast<std::size_t>(c)].post("/query/count", count);
    if (answer && answer->contains("cells")) return true;
    std::lock_guard lock(mutex);
    if (out.first_failure.empty())
      out.first_failure = answer ? answer->dump() : answer.error().message;
    return false;
  });
  out.node_peak_mib = oncoshare::bench::peak_rss_mib(serving.pid());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  // A closed connection is an error to report, not the end of the bench.
  std::signal(SIGPIPE, SIG_IGN);
  const std::chrono::seconds duration(argc > 1 ? std::atoi(argv[1]) : 20);
  const oncoshare::bench::ScratchDir scratch("node-load-bench");
  const std::string& dir = scratch.path();
  must(node::init_ca(dir + "/ca", "Bench federation", node::KeyAlgorithm::ed25519), "ca");
  (void)must(node::issue_certificate(dir + "/ca", {node::Role::node, kSite}, dir + "/certs"),
             "cert");
  for (int c = 0; c < kClients; ++c) {
    (void)must(node::issue_certificate(dir + "/ca", {node::Role::researcher, researcher(c)},
                                       dir + "/certs"),
               "cert");
  }
  oncoshare::synth::SynthOptions options;
  options.sites = 1;
  options.patients = kPatients;
  options.seed = 15;
  options.defect_rate = 0;
  options.show_progress = false;
  options.out = dir + "/data";
  (void)must(oncoshare::synth::generate(options), "synth");

  const std::vector<Configuration> configurations{
      {"off: no connection caps, no handshake deadline, nonces in memory",
       "max_connections = 0\nmax_connections_per_address = 0\nhandshake_timeout_seconds = "
       "0\nreplay_store = \":memory:\"\n"},
      // The defaults: at most 256 connections, 64 per client address (the bench's 50
      // researchers all come from 127.0.0.1), 5 s to finish a TLS handshake, nonces in
      // replay.sqlite next to the ledger.
      {"on (defaults): caps 256 / 64 per address, 5 s handshake, nonces on disk", ""},
  };
  std::printf(
      "one `oncoshare node serve` process (%llu patients, default policy: noisy counts, a ledger "
      "spend per\n"
      "answer), %d researchers (NodeClient, mutual TLS on loopback) asking counts back to back for "
      "%lld s;\n"
      "%u hardware threads shared by the node and the clients\n",
      static_cast<unsigned long long>(kPatients), kClients,
      static_cast<long long>(duration.count()), std::thread::hardware_concurrency());
  std::printf("  %-74s %9s %8s %8s %8s %7s %10s\n", "", "answers/s", "p50 ms", "p90 ms", "p99 ms",
              "failed", "node MiB");
  for (const auto& configuration : configurations) {
    const Measured m = measure(dir, configuration, duration);
    std::printf("  %-74s %9.0f %8.1f %8.1f %8.1f %7zu %10.1f\n", configuration.label.c_str(),
                m.run.per_second(), m.run.latency.p50, m.run.latency.p90, m.run.latency.p99,
                m.run.failed, m.node_peak_mib);
    if (!m.first_failure.empty()) std::printf("    first failure: %s\n", m.first_failure.c_str());
  }
  std::printf(
      "(answers/s and latency count the answered requests; failed: requests that got no answer. "
      "node MiB:\n"
      " the node process's peak resident set; the bench and its clients peaked at %.1f MiB)\n",
      oncoshare::bench::peak_rss_mib());
  return 0;
}
