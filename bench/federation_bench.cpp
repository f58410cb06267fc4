// Federation end to end: 10 in-process site nodes (each NodeServer in its own thread, real
// mutual TLS on loopback, certificates from a fresh CA, a 10-site synthetic cohort), a 6-of-10
// collective key made by coordinator::run_dkg, then the coordinator's own open_session +
// run_query: count-query latency (p50/p99 over 50 runs) and a Kaplan-Meier with a 1,000-point
// grid, each next to the same query in plaintext mode. Then the ElGamal operation rates and
// the work one node does for the KM query, so the figures can be extrapolated to one machine
// per node (here all ten nodes and the coordinator share the machine's cores).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "coordinator/dkg_relay.hpp"
#include "coordinator/federated_query.hpp"
#include "coordinator/session.hpp"
#include "must.hpp"
#include "node/config.hpp"
#include "node/pki.hpp"
#include "node/server.hpp"
#include "latency.hpp"
#include "peak_memory.hpp"
#include "running_node.hpp"
#include "scratch_dir.hpp"
#include "secure/secure.hpp"
#include "synth/synth.hpp"

namespace fs = std::filesystem;
namespace co = oncoshare::coordinator;
namespace sec = oncoshare::secure;
using nlohmann::json;

namespace {

using oncoshare::bench::must;

using Clock = std::chrono::steady_clock;
constexpr std::size_t kNodes = 10;
constexpr std::uint32_t kThreshold = 6;
constexpr int kCountRuns = 50;
constexpr int kKmRuns = 3;
constexpr std::size_t kGridPoints = 1000;
constexpr std::size_t kPool = 8192;  // encryptions a warm node holds (its node.toml default)

double ms_since(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

std::string site(std::size_t i) { return fmt::format("site_{}", i + 1); }


co::Federation federation(const std::string& dir, const std::string& who, const std::vector<int>& ports) {
  co::Federation f;
  f.ca = dir + "/ca/ca.crt";
  f.cert = dir + "/certs/" + who + ".crt";
  f.key = dir + "/certs/" + who + ".key";
  f.timeout_seconds = 120;
  for (std::size_t i = 0; i < ports.size(); ++i) f.nodes.push_back({site(i), "127.0.0.1", ports[i]});
  return f;
}

using oncoshare::bench::Latency;
using oncoshare::bench::summarize;

// Runs `query` `runs` times in `mode`; returns the wall times and keeps the last answer.
std::vector<double> time_query(co::StudySpec& study, co::QueryMode mode, const co::QuerySpec& query, int runs,
                               const sec::DlogTable& table, co::PooledAnswer& last) {
  study.mode = mode;
  auto session = must(co::open_session(study), "open_session");
  std::vector<double> ms;
  for (int r = 0; r < runs; ++r) {
    const auto start = Clock::now();
    auto answer = must(co::run_query(session, study, query, table), query.name.c_str());
    ms.push_back(ms_since(start));
    last = std::move(answer);
  }
  return ms;
}

// The encrypted answer equals the plaintext one in every cell the plaintext answer shows.
bool same_where_shown(const co::PooledAnswer& encrypted, const co::PooledAnswer& plaintext) {
  bool same = encrypted.cells.size() == plaintext.cells.size();
  for (std::size_t k = 0; same && k < plaintext.cells.size(); ++k) {
    same = plaintext.withheld[k] || encrypted.cells[k] == plaintext.cells[k];
  }
  if (!same) std::fprintf(stderr, "federation_bench: encrypted and plaintext %s answers differ\n", encrypted.query.name.c_str());
  return same;
}

template <class F>
double ops_per_second(int n, F&& f) {
  const auto start = Clock::now();
  for (int i = 0; i < n; ++i) f(i);
  return n / (ms_since(start) / 1e3);
}

// In-memory DKG, for the single-node and per-operation figures.
sec::CollectiveKey local_dkg(std::vector<sec::KeyShare>& shares) {
  const sec::DkgParams params{kNodes, kThreshold};
  std::vector<sec::DkgParticipant> nodes;
  std::vector<sec::DkgCommitments> broadcast;
  for (std::uint32_t i = 1; i <= params.participants; ++i) {
    nodes.push_back(must(sec::DkgParticipant::create(params, i), "dkg"));
    broadcast.push_back(nodes.back().commitments());
  }
  for (auto& dealer : nodes)
    for (auto& recipient : nodes) must(recipient.receive(dealer.commitments(), must(dealer.deal(recipient.index()), "deal")), "receive");
  for (auto& node : nodes) shares.push_back(must(node.finish(broadcast, {}), "finish"));
  return shares.front().key;
}

}  // namespace

int main() {
  const oncoshare::bench::ScratchDir scratch("federation-bench");
  const std::string& dir = scratch.path();

  namespace node = oncoshare::node;
  const auto setup_start = Clock::now();
  must(node::init_ca(dir + "/ca", "Bench federation", node::KeyAlgorithm::ed25519), "ca");
  for (std::size_t i = 0; i < kNodes; ++i) (void)must(node::issue_certificate(dir + "/ca", {node::Role::node, site(i)}, dir + "/certs"), "cert");
  (void)must(node::issue_certificate(dir + "/ca", {node::Role::node, "coordinator"}, dir + "/certs"), "cert");
  (void)must(node::issue_certificate(dir + "/ca", {node::Role::researcher, "alice"}, dir + "/certs"), "cert");
  oncoshare::synth::SynthOptions options;
  options.sites = kNodes;
  options.patients = 10000;
  options.seed = 7;
  options.defect_rate = 0;
  options.show_progress = false;
  options.out = dir + "/data";
  (void)must(oncoshare::synth::generate(options), "synth");

  // Cold: nodes that encrypt every cell when asked. Warm: the same nodes restarted with a
  // pool of encryptions made in idle time, measured once every pool is full.
  std::vector<std::unique_ptr<oncoshare::bench::RunningNode>> nodes;
  std::vector<int> ports;
  std::vector<std::string> sites;
  for (std::size_t i = 0; i < kNodes; ++i) sites.push_back(site(i));
  auto start_nodes = [&](std::size_t pool) {
    nodes.clear();
    ports.clear();
    for (std::size_t i = 0; i < kNodes; ++i) {
      fs::create_directories(dir + "/" + site(i));
      nodes.push_back(must(oncoshare::bench::RunningNode::start(
                               oncoshare::bench::bench_node_config(dir, site(i), "HMB IRB", sites, pool), site(i) + ".toml", dir),
                           "node start"));
      ports.push_back(nodes.back()->port());
    }
  };
  start_nodes(0);
  std::printf("setup: CA, %zu certificates, synthetic cohort (%llu patients), %zu nodes up   %.0f ms\n", kNodes + 2,
              static_cast<unsigned long long>(options.patients), kNodes, ms_since(setup_start));

  const auto dkg_start = Clock::now();
  {
    const co::Federation relay = federation(dir, "coordinator", ports);
    std::vector<co::NodeClient> clients;
    for (const auto& address : relay.nodes) clients.emplace_back(relay, address);
    (void)must(co::run_dkg(clients, kThreshold, relay.ca), "run_dkg");
  }
  std::printf("run_dkg %u-of-%zu over mutual TLS                                  %.0f ms\n", kThreshold, kNodes,
              ms_since(dkg_start));
  const sec::DlogTable table = must(sec::DlogTable::create(), "dlog table");

  co::StudySpec study;
  study.path = "federation_bench";
  study.title = "federation bench";
  study.dataset = "registry";
  study.purpose = json{{"use", "HMB"}, {"irb_approved", true}};
  study.federation = federation(dir, "alice", ports);

  co::QuerySpec count{"count", "count", json{{"filter", "age_dx >= 60"}}};
  json grid = json::array();
  for (std::size_t j = 1; j <= kGridPoints; ++j) grid.push_back(static_cast<double>(j) * 4.0);
  co::QuerySpec km{"km", "km", json{{"grid", grid}}};
  study.queries = {count, km};  // open_session fetches the collective key only for studies with such queries

  co::PooledAnswer enc_answer, plain_answer;
  const Latency count_enc = summarize(time_query(study, co::QueryMode::encrypted, count, kCountRuns, table, enc_answer));
  const Latency count_plain = summarize(time_query(study, co::QueryMode::plaintext, count, kCountRuns, table, plain_answer));
  if (!same_where_shown(enc_answer, plain_answer)) return 1;
  const std::int64_t counted = enc_answer.cells.front();
  const Latency km_enc = summarize(time_query(study, co::QueryMode::encrypted, km, kKmRuns, table, enc_answer));
  const Latency km_plain = summarize(time_query(study, co::QueryMode::plaintext, km, kKmRuns, table, plain_answer));
  if (!same_where_shown(enc_answer, plain_answer)) return 1;
  const std::size_t km_cells = enc_answer.cells.size();
  const auto withheld = std::count(plain_answer.withheld.begin(), plain_answer.withheld.end(), true);

  start_nodes(kPool);  // the key shares written by run_dkg are loaded again
  study.federation = federation(dir, "alice", ports);
  const auto fill_start = Clock::now();
  while (std::any_of(nodes.begin(), nodes.end(), [](const auto& n) { return n->precomputed_encryptions() < kPool; })) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const double fill_ms = ms_since(fill_start);
  const Latency count_warm = summarize(time_query(study, co::QueryMode::encrypted, count, kCountRuns, table, enc_answer));
  const Latency km_warm = summarize(time_query(study, co::QueryMode::encrypted, km, kKmRuns, table, enc_answer));
  if (!same_where_shown(enc_answer, plain_answer)) return 1;
  nodes.clear();

  std::printf("\n%u-of-%zu threshold, %zu nodes + coordinator on %u hardware threads (the nodes' work is serialised)\n",
              kThreshold, kNodes, kNodes, std::thread::hardware_concurrency());
  std::printf("%-52s %9s %9s %9s %8s\n", "query (coordinator open_session + run_query)", "p50 ms", "p99 ms", "mean ms", "target");
  auto row = [](const std::string& what, const Latency& l, const char* target) {
    std::printf("%-52s %9.1f %9.1f %9.1f %8s\n", what.c_str(), l.p50, l.p99, l.mean, target);
  };
  row(fmt::format("count, encrypted ({} runs, n = {})", kCountRuns, counted), count_enc, "< 200");
  row(fmt::format("count, encrypted, pools warm ({} runs)", kCountRuns), count_warm, "< 200");
  row(fmt::format("count, plaintext ({} runs)", kCountRuns), count_plain, "");
  row(fmt::format("KM {}-pt grid, encrypted ({} runs, {} cells)", kGridPoints, kKmRuns, km_cells), km_enc, "< 3000");
  row(fmt::format("KM {}-pt grid, encrypted, pools warm ({} runs)", kGridPoints, kKmRuns), km_warm, "< 3000");
  row(fmt::format("KM {}-pt grid, plaintext ({} runs)", kGridPoints, kKmRuns), km_plain, "");
  std::printf("(encrypted answers equal the plaintext ones wherever the nodes show cells in clear; the nodes\n"
              " withhold %td small KM cells in plaintext mode, which the encrypted sum includes)\n", withheld);
  std::printf("(pools warm: each node restarted with encryption_pool = %zu; all %zu pools filled in %.0f ms of\n"
              " otherwise idle time before the warm runs, %zu pairs per node per KM query)\n",
              kPool, kNodes, fill_ms, km_cells);

  // What one node and the coordinator compute for that KM query, one thread each, no network.
  std::vector<sec::KeyShare> shares;
  const sec::CollectiveKey key = local_dkg(shares);
  const sec::Encryptor enc(key.public_key);
  std::vector<std::int64_t> values(km_cells);
  for (std::size_t k = 0; k < km_cells; ++k) values[k] = static_cast<std::int64_t>(k % 97);
  auto start = Clock::now();
  const sec::CiphertextVector answer = enc.encrypt(values);
  const double encrypt_ms = ms_since(start);
  sec::EncryptionPool pool(key.public_key, km_cells);
  while (pool.available() < km_cells) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  start = Clock::now();
  const sec::CiphertextVector pooled_answer = pool.encrypt(values);
  const double pool_ms = ms_since(start);
  // The coordinator reads the ten answers (here the same one ten times) and adds them.
  const std::string wire = sec::serialize(answer);
  const std::vector<std::string> wires(kNodes, wire);
  std::vector<std::string> senders;
  for (std::size_t i = 0; i < kNodes; ++i) senders.push_back(site(i));
  start = Clock::now();
  const sec::CiphertextVector total = must(sec::parse_and_sum(wires, senders), "parse and sum").total;
  const double sum_ms = ms_since(start);
  // Round 1 at one of the t decrypting nodes: every contribution's first components arrive;
  // the node checks each against the digest its node signed and adds them itself.
  const std::vector<sec::Point> total_c1 = sec::first_components(total);
  const std::string answer_c1 = sec::serialize_points(sec::first_components(answer));
  const std::string signed_digest = sec::first_components_digest(sec::first_components(answer));
  const std::vector<std::string> c1_wires(kNodes, answer_c1);
  std::vector<std::uint32_t> decryptors(kThreshold);
  for (std::uint32_t i = 0; i < kThreshold; ++i) decryptors[i] = i + 1;
  start = Clock::now();
  sec::SummedPoints contributions = must(sec::parse_and_sum_points(c1_wires, senders), "parse and sum C1");
  for (const auto& v : contributions.vectors) {
    if (sec::first_components_digest(v) != signed_digest) return 1;
  }
  const double check_ms = ms_since(start);
  std::vector<sec::Point> c1 = std::move(contributions.total);
  start = Clock::now();
  const sec::DecryptionShares first = must(sec::JointDecryptor(shares[0]).decrypt(c1, decryptors), "decrypt");
  const double round1_ms = ms_since(start);
  const sec::OpeningChallenge challenge = sec::OpeningChallenge::random();
  start = Clock::now();
  const sec::CombinedShare first_proof = must(sec::JointDecryptor(shares[0]).prove(c1, decryptors, challenge), "prove");
  const double round2_ms = ms_since(start);
  std::vector<sec::DecryptionShares> all_shares{first};
  std::vector<sec::CombinedShare> all_proofs{first_proof};
  for (std::uint32_t i = 1; i < kThreshold; ++i) {
    const sec::JointDecryptor node(shares[i]);
    all_shares.push_back(must(node.decrypt(total_c1, decryptors), "decrypt"));
    all_proofs.push_back(must(node.prove(total_c1, decryptors, challenge), "prove"));
  }
  start = Clock::now();
  const auto opened = must(sec::open_jointly(key, total, all_shares, all_proofs, challenge, table), "open");
  const double open_ms = ms_since(start);
  std::vector<std::int64_t> tenfold(values.size());
  for (std::size_t k = 0; k < values.size(); ++k) tenfold[k] = static_cast<std::int64_t>(kNodes) * values[k];
  if (opened.values != tenfold || pooled_answer.size() != answer.size()) {
    std::fprintf(stderr, "federation_bench: local decryption differs\n");
    return 1;
  }
  std::printf("\nper-node work for the KM query (%zu ciphertexts)\n", km_cells);
  std::printf("  %-58s %8.0f ms\n", "one node: encrypt its answer", encrypt_ms);
  std::printf("  %-58s %8.0f ms\n", "one node: encrypt its answer from a full pool", pool_ms);
  std::printf("  %-58s %8.0f ms\n", fmt::format("coordinator: parse and add the {} answers", kNodes).c_str(), sum_ms);
  std::printf("  %-58s %8.0f ms\n",
              fmt::format("one decrypting node: check {} contributions' C1 + re-add them", kNodes).c_str(), check_ms);
  std::printf("  %-58s %8.0f ms\n", "one decrypting node, round 1: decryption shares", round1_ms);
  std::printf("  %-58s %8.0f ms\n", "one decrypting node, round 2: weighted sum + proof", round2_ms);
  std::printf("  %-58s %8.0f ms\n", fmt::format("coordinator: check {} nodes' shares and proofs + dlog", kThreshold).c_str(),
              open_ms);
  std::printf("  one machine per node: ~%.0f ms of crypto on the critical path cold, ~%.0f ms warm (+ network,\n"
              "  JSON and signatures)\n",
              encrypt_ms + sum_ms + check_ms + round1_ms + round2_ms + open_ms,
              pool_ms + sum_ms + check_ms + round1_ms + round2_ms + open_ms);
  std::printf("  (per-node and coordinator steps use all %u hardware threads of this machine)\n",
              std::thread::hardware_concurrency());

  const sec::CiphertextVector batch(answer.begin(), answer.begin() + 500);
  const sec::PartialDecryption one = sec::PartialDecryptor(shares[0]).decrypt(batch);
  sec::Ciphertext acc = sec::zero_ciphertext();
  std::printf("\nElGamal operations (one thread)\n");
  std::printf("  %-30s %10.0f ops/s\n", "encrypt", ops_per_second(1000, [&](int i) { (void)enc.encrypt(i); }));
  std::printf("  %-30s %10.0f ops/s\n", "add", ops_per_second(20000, [&](int i) { acc = sec::add(acc, answer[i % answer.size()]); }));
  std::printf("  %-30s %10.0f ops/s\n", "partial decrypt + proof",
              ops_per_second(500, [&](int i) { (void)sec::PartialDecryptor(shares[1]).decrypt({batch[i]}); }));
  std::printf("  %-30s %10.0f elements/s\n", "verify batched proof (500)", 500 * ops_per_second(5, [&](int) {
                if (!sec::verify(key, batch, one)) std::exit(1);
              }));
  std::printf("\npeak RSS %.1f MiB (10 nodes, coordinator and the bench in one process)\n", oncoshare::bench::peak_rss_mib());
  return 0;
}
