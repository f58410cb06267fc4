// Federated queries timed as users run them: `oncoshare study run study.toml` as a whole
// process against 10 `oncoshare node serve` processes (mutual TLS on loopback, certificates
// from a fresh CA, a 10-site synthetic cohort from `oncoshare synth`) holding a 6-of-10
// collective key made by `oncoshare study keygen`: a count, and a Kaplan-Meier with a
// 1,000-point grid, each encrypted next to the same study in plaintext mode (the baseline)
// in the same run, then encrypted again once every node has filled a pool of encryptions
// in idle time. Extra figures, in process: the coordinator's run_query on an open session
// (no process start, no TLS handshakes, no key fetch), the work one node does for the KM
// query, and the ElGamal operation rates, so the figures can be extrapolated to one
// machine per node (here all ten nodes and the coordinator share the machine's cores).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "coordinator/federated_query.hpp"
#include "coordinator/session.hpp"
#include "coordinator/study_spec.hpp"
#include "latency.hpp"
#include "must.hpp"
#include "peak_memory.hpp"
#include "process_federation.hpp"
#include "scratch_dir.hpp"
#include "secure/secure.hpp"
#include "synthetic_cohort.hpp"
#include "throughput_table.hpp"

namespace co = oncoshare::coordinator;
namespace sec = oncoshare::secure;
namespace bench = oncoshare::bench;
using bench::FigureKind;

namespace {

using bench::must;

using Clock = std::chrono::steady_clock;
constexpr std::size_t kNodes = 10;
constexpr std::uint32_t kThreshold = 6;
constexpr int kCountRuns = 3;  // `study run` processes per count figure
constexpr int kKmRuns = 1;     // per KM figure, in process too
constexpr int kInProcessRuns = 10;
constexpr std::size_t kGridPoints = 1000;
constexpr std::size_t kPool = 8192;  // encryptions a warm node holds (its node.toml default)

double ms_since(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

std::string site(std::size_t i) { return fmt::format("site_{}", i + 1); }

// Exact answers, grid points 4 days apart (the default minimum is 30) and no small cells
// withheld, so that the plaintext KM has every cell (`study run` refuses a curve with holes).
const std::string kPolicy = std::string(oncoshare::bench::kExactAnswers) + "min_time_step = 1\nmin_cell_size = 1\n";

// [study] and [[query]] tables of a one-query study in `mode`.
std::string study_tables(const std::string& mode, const std::string& query) {
  return fmt::format(R"([study]
title = "federation bench"
dataset = "registry"
purpose = {{ use = "HMB", irb_approved = true }}
mode = "{}"

[[query]]
{}
)",
                     mode, query);
}

std::string km_grid() {
  std::string grid;
  for (std::size_t j = 1; j <= kGridPoints; ++j) grid += fmt::format("{}{}", j == 1 ? "" : ", ", j * 4);
  return "name = \"km\"\ntype = \"km\"\ngrid = [" + grid + "]";
}

// The study's one query, `runs` times, in process: the median wall time in seconds; keeps
// the last answer. On one open session, or with `fresh_session` loading the study and
// opening a session each time (what `study run` does, minus its process and its dlog table, built here once).
double run_in_process(const std::string& study_path, int runs, const sec::DlogTable& table, co::PooledAnswer& last,
                      bool fresh_session = false) {
  auto study = must(co::load_study(study_path), "load_study");
  auto session = must(co::open_session(study), "open_session");
  std::vector<double> ms;
  for (int r = 0; r < runs; ++r) {
    const auto start = Clock::now();
    if (fresh_session) {
      study = must(co::load_study(study_path), "load_study");
      session = must(co::open_session(study), "open_session");
    }
    last = must(co::run_query(session, study, study.queries.front(), &table), "run_query");
    ms.push_back(ms_since(start));
  }
  return bench::summarize(std::move(ms)).p50 / 1e3;
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
  std::signal(SIGPIPE, SIG_IGN);  // a closed connection is an error to report, not the end of the bench
  const bench::ScratchDir scratch("federation-bench");
  const std::string& dir = scratch.path();
  const auto setup_start = Clock::now();
  const auto cohort = bench::SyntheticCohort::make(dir + "/data", 10000, kNodes, true);
  std::vector<std::string> sites;
  for (std::size_t i = 0; i < kNodes; ++i) sites.push_back(site(i));
  bench::ProcessFederation federation(dir, sites, {"alice"});
  federation.start("HMB IRB", kPolicy);
  std::printf("setup: synthetic cohort (%llu rows), CA, %zu certificates, %zu node processes up   %.0f ms\n",
              static_cast<unsigned long long>(cohort.rows), kNodes + 2, kNodes, ms_since(setup_start));
  const auto keygen_start = Clock::now();
  federation.keygen(kThreshold);
  std::printf("oncoshare study keygen --threshold %u (%zu nodes, mutual TLS)               %.0f ms\n", kThreshold,
              kNodes, ms_since(keygen_start));

  const std::string count_query = "name = \"count\"\ntype = \"count\"\nfilter = \"age_dx >= 60\"";
  // The study files name the nodes' ports: written again whenever the nodes restart.
  std::string count_enc, count_plain, km_enc, km_plain;
  const auto write_studies = [&] {
    count_enc = federation.write_study("count_encrypted", study_tables("encrypted", count_query));
    count_plain = federation.write_study("count_plaintext", study_tables("plaintext", count_query));
    km_enc = federation.write_study("km_encrypted", study_tables("encrypted", km_grid()));
    km_plain = federation.write_study("km_plaintext", study_tables("plaintext", km_grid()));
  };
  write_studies();
  const std::string log = dir + "/study.log";
  const std::string out = dir + "/study.txt";
  bench::ThroughputTable counts("queries", 1, 0, kCountRuns);
  bench::ThroughputTable kms("queries", 1, 0, kKmRuns);
  counts.run(FigureKind::baseline, "oncoshare study run, count, plaintext mode",
             bench::ProcessFederation::study_run(count_plain, out), log);
  counts.run(FigureKind::command, "oncoshare study run, count, encrypted",
             bench::ProcessFederation::study_run(count_enc, out), log);
  kms.run(FigureKind::baseline, fmt::format("oncoshare study run, KM {}-pt grid, plaintext", kGridPoints),
          bench::ProcessFederation::study_run(km_plain, out), log);
  kms.run(FigureKind::command, fmt::format("oncoshare study run, KM {}-pt grid, encrypted", kGridPoints),
          bench::ProcessFederation::study_run(km_enc, out), log);

  // In process, on one open session: the coordinator's own share of a query.
  const auto dlog_start = Clock::now();
  const sec::DlogTable table = must(sec::DlogTable::create(), "dlog table");
  const double dlog_s = ms_since(dlog_start) / 1e3;
  co::PooledAnswer enc_answer, plain_answer;
  const double count_enc_s = run_in_process(count_enc, kInProcessRuns, table, enc_answer);
  const double count_plain_s = run_in_process(count_plain, kInProcessRuns, table, plain_answer);
  const double count_fresh_s = run_in_process(count_enc, kInProcessRuns, table, enc_answer, true);
  if (!same_where_shown(enc_answer, plain_answer)) return 1;
  const std::int64_t counted = enc_answer.cells.front();
  const double km_enc_s = run_in_process(km_enc, kKmRuns, table, enc_answer);
  const double km_plain_s = run_in_process(km_plain, kKmRuns, table, plain_answer);
  if (!same_where_shown(enc_answer, plain_answer)) return 1;
  const std::size_t km_cells = enc_answer.cells.size();
  const auto withheld = std::count(plain_answer.withheld.begin(), plain_answer.withheld.end(), true);
  const double rss = bench::peak_rss_mib();
  counts.add({FigureKind::component, "secure::DlogTable::create (each `study run` makes one)", dlog_s, rss});
  counts.add({FigureKind::component, "load_study + open_session + run_query, encrypted", count_fresh_s, rss});
  counts.add({FigureKind::component, "run_query on an open session, encrypted", count_enc_s, rss});
  counts.add({FigureKind::component, "run_query on an open session, plaintext", count_plain_s, rss});
  kms.add({FigureKind::component, "run_query on an open session, encrypted", km_enc_s, rss});
  kms.add({FigureKind::component, "run_query on an open session, plaintext", km_plain_s, rss});
  const double node_rss = federation.node_peak_rss_mib();

  // Warm: the same nodes restarted with a pool of encryptions, filled in idle time.
  federation.start("HMB IRB", kPolicy, kPool);  // the key shares made by keygen are loaded again
  const double fill_s = federation.wait_until_idle();
  write_studies();
  counts.run(FigureKind::command, "oncoshare study run, count, encrypted, pools warm",
             bench::ProcessFederation::study_run(count_enc, out), log);
  kms.run(FigureKind::command, fmt::format("oncoshare study run, KM {}-pt grid, encrypted, pools warm", kGridPoints),
          bench::ProcessFederation::study_run(km_enc, out), log);

  std::printf("\n%u-of-%zu threshold, %zu node processes + `study run` on %u hardware threads (the nodes' work is "
              "serialised)\n",
              kThreshold, kNodes, kNodes, std::thread::hardware_concurrency());
  std::printf("\ncount (n = %lld; target < 200 ms encrypted), median of %d `study run` processes, %d in-process runs\n",
              static_cast<long long>(counted), kCountRuns, kInProcessRuns);
  counts.print();
  std::printf("\nKaplan-Meier, %zu cells (target < 3000 ms encrypted), %d run(s) each\n", km_cells, kKmRuns);
  kms.print();
  std::printf("(encrypted answers equal the plaintext ones wherever the nodes show cells in clear; the nodes\n"
              " withhold %td small KM cells in plaintext mode, which the encrypted sum includes)\n", withheld);
  std::printf("(pools warm: each node restarted with encryption_pool = %zu; the nodes were idle again %.1f s later;\n"
              " node processes' peak memory %.1f MiB; in-process peak: the bench process)\n",
              kPool, fill_s, node_rss);

  // In process: what one node and the coordinator compute for that KM query, no network.
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
  std::printf("\npeak RSS of the bench process %.1f MiB (the in-process figures; the nodes are separate processes)\n",
              oncoshare::bench::peak_rss_mib());
  return 0;
}
