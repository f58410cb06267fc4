// Threshold ElGamal throughput: per-operation rates (encrypt, add, partial decrypt with
// proof, proof verification, combine, dlog), then a Kaplan-Meier-sized workload: 1,000
// time points x 10 nodes x 2 series (events, at-risk) encrypted, summed, and decrypted by a
// 6-of-10 threshold, next to the plaintext sum of the same numbers in the same run; peak RSS.
// Component figures: threshold ElGamal has no command of its own; `oncoshare study run`
// uses it for every encrypted query (federation_bench).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "must.hpp"
#include "peak_memory.hpp"
#include "secure/secure.hpp"
#include "throughput_table.hpp"

namespace sec = oncoshare::secure;

namespace {

using oncoshare::bench::must;

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

template <class F>
void rate(const char* name, int n, F&& f) {
  const auto start = Clock::now();
  for (int i = 0; i < n; ++i) f(i);
  const double s = seconds_since(start);
  std::printf("%-34s %10.0f ops/s  (%d in %.3f s)\n", name, n / s, n, s);
}

sec::CollectiveKey dkg(sec::DkgParams params, std::vector<sec::KeyShare>& shares) {
  std::vector<sec::DkgParticipant> nodes;
  std::vector<sec::DkgCommitments> broadcast;
  for (std::uint32_t i = 1; i <= params.participants; ++i) {
    nodes.push_back(must(sec::DkgParticipant::create(params, i)));
    broadcast.push_back(nodes.back().commitments());
  }
  for (auto& dealer : nodes)
    for (auto& recipient : nodes) (void)must(recipient.receive(dealer.commitments(), must(dealer.deal(recipient.index()))));
  for (auto& node : nodes) shares.push_back(must(node.finish(broadcast, {})));
  return shares.front().key;
}

}  // namespace

int main() {
  oncoshare::bench::print_component_bench(
      "Threshold ElGamal (secure::Encryptor, JointDecryptor, ...)",
      "`oncoshare study run` (every query of a study in encrypted mode) and `oncoshare study keygen`,\n"
      "timed as whole processes by federation_bench");
  const auto dkg_start = Clock::now();
  std::vector<sec::KeyShare> shares;
  const sec::CollectiveKey key = dkg({10, 6}, shares);
  std::printf("DKG 6-of-10 (in memory, all messages)  %.3f s\n", seconds_since(dkg_start));

  const auto table_start = Clock::now();
  const sec::DlogTable table = must(sec::DlogTable::create());
  std::printf("dlog table 2^16 entries, |m| < 2^32     %.3f s\n\n", seconds_since(table_start));

  const sec::Encryptor enc(key.public_key);
  std::vector<sec::Ciphertext> cts;
  rate("encrypt", 2000, [&](int i) { cts.push_back(enc.encrypt(i)); });
  sec::Ciphertext acc = sec::zero_ciphertext();
  rate("add", 20000, [&](int i) { acc = sec::add(acc, cts[i % cts.size()]); });
  const sec::CiphertextVector batch(cts.begin(), cts.begin() + 500);
  {
    const auto start = Clock::now();
    const sec::PartialDecryption p = sec::PartialDecryptor(shares[0]).decrypt(batch);
    std::printf("%-34s %10.0f ops/s\n", "partial decrypt + proof", batch.size() / seconds_since(start));
    const auto vstart = Clock::now();
    if (!sec::verify(key, batch, p)) return 1;
    std::printf("%-34s %10.0f ops/s\n", "verify partial proof", batch.size() / seconds_since(vstart));
  }
  std::vector<sec::PartialDecryption> six;
  for (std::size_t i = 0; i < 6; ++i) six.push_back(sec::PartialDecryptor(shares[i]).decrypt(batch));
  {
    const auto start = Clock::now();
    const auto points = must(sec::interpolate(batch, six));
    std::printf("%-34s %10.0f ops/s  (6 partials, no verify)\n", "combine (interpolate)", batch.size() / seconds_since(start));
  }
  {
    std::vector<sec::Point> small, large;
    for (int i = 0; i < 200; ++i) small.push_back(sec::base_mul(sec::Scalar::from_int(i * 37 - 3000)));
    for (int i = 0; i < 4; ++i) large.push_back(sec::base_mul(sec::Scalar::from_int(4000000000LL - i)));
    rate("dlog |m| < 2^13", 200, [&](int i) { (void)must(table.solve(small[i])); });
    rate("dlog m ~ 4e9 (near worst case)", 4, [&](int i) { (void)must(table.solve(large[i])); });
  }

  // Kaplan-Meier workload.
  constexpr std::size_t kPoints = 1000, kNodes = 10;
  std::vector<std::vector<std::int64_t>> events(kNodes, std::vector<std::int64_t>(kPoints));
  std::vector<std::vector<std::int64_t>> at_risk(kNodes, std::vector<std::int64_t>(kPoints));
  for (std::size_t n = 0; n < kNodes; ++n)
    for (std::size_t t = 0; t < kPoints; ++t) {
      events[n][t] = static_cast<std::int64_t>((t * 31 + n * 7) % 5);
      at_risk[n][t] = static_cast<std::int64_t>(2000 - 2 * t + n);
    }
  const auto plain_start = Clock::now();
  std::vector<std::int64_t> plain(2 * kPoints, 0);
  for (std::size_t n = 0; n < kNodes; ++n)
    for (std::size_t t = 0; t < kPoints; ++t) plain[t] += events[n][t], plain[kPoints + t] += at_risk[n][t];
  const double plain_s = seconds_since(plain_start);

  const auto t0 = Clock::now();
  std::vector<sec::CiphertextVector> per_node;
  for (std::size_t n = 0; n < kNodes; ++n) {
    std::vector<std::int64_t> both = events[n];
    both.insert(both.end(), at_risk[n].begin(), at_risk[n].end());
    per_node.push_back(enc.encrypt(both));
  }
  const double enc_s = seconds_since(t0);
  const auto t1 = Clock::now();
  const sec::CiphertextVector total = must(sec::sum(per_node));
  const double add_s = seconds_since(t1);
  const auto t2 = Clock::now();
  std::vector<sec::PartialDecryption> partials;
  for (std::size_t i = 0; i < 6; ++i) partials.push_back(sec::PartialDecryptor(shares[i]).decrypt(total));
  const double partial_s = seconds_since(t2);
  const auto t3 = Clock::now();
  const sec::ThresholdDecryption result = must(sec::combine(key, total, partials, table));
  const double combine_s = seconds_since(t3);
  // The same opening by joint decryption (what study run uses): two rounds, one check.
  std::vector<std::uint32_t> set{1, 2, 3, 4, 5, 6};
  const std::vector<sec::Point> c1 = sec::first_components(total);
  const auto j1 = Clock::now();
  std::vector<sec::DecryptionShares> joint_shares;
  for (std::size_t i = 0; i < 6; ++i) joint_shares.push_back(must(sec::JointDecryptor(shares[i]).decrypt(c1, set)));
  const double round1_s = seconds_since(j1);
  const sec::OpeningChallenge challenge = sec::OpeningChallenge::random();
  const auto j2 = Clock::now();
  std::vector<sec::CombinedShare> proofs;
  for (std::size_t i = 0; i < 6; ++i) proofs.push_back(must(sec::JointDecryptor(shares[i]).prove(c1, set, challenge)));
  const double round2_s = seconds_since(j2);
  const auto j3 = Clock::now();
  const sec::JointOpening joint = must(sec::open_jointly(key, total, joint_shares, proofs, challenge, table));
  const double open_s = seconds_since(j3);
  if (result.values != plain || joint.values != plain) {
    std::fprintf(stderr, "mismatch between encrypted and plaintext sums\n");
    return 1;
  }
  std::printf("\nKM workload: %zu points x %zu nodes x 2 series, 6-of-10 threshold (values match plaintext)\n",
              kPoints, kNodes);
  std::printf("  encrypt (all nodes)        %8.3f s\n", enc_s);
  std::printf("  homomorphic sum            %8.3f s\n", add_s);
  std::printf("  6 partial decryptions      %8.3f s\n", partial_s);
  std::printf("  verify + combine + dlog    %8.3f s\n", combine_s);
  std::printf("  end to end                 %8.3f s   (plaintext sum: %.6f ms)\n", enc_s + add_s + partial_s + combine_s,
              plain_s * 1e3);
  std::printf("  joint decryption instead of the partials and combine above:\n");
  std::printf("    round 1, 6 nodes' shares %8.3f s\n", round1_s);
  std::printf("    round 2, 6 nodes' proofs %8.3f s\n", round2_s);
  std::printf("    one check + dlog         %8.3f s   (combine above: %.3f s)\n", open_s, combine_s);
  std::printf("  wire size of the sum       %8zu bytes JSON\n", sec::serialize(total).size());
  std::printf("peak RSS %.1f MiB\n", oncoshare::bench::peak_rss_mib());
  return 0;
}
