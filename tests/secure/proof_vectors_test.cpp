// Fixed vectors for every proof: each challenge is rebuilt here from its named inputs with
// libsodium alone (hand_transcript.hpp). A proof made from the hand-built challenge must
// verify, the prover's challenge must equal the hand-built one, and a proof whose challenge
// leaves out any one input must be rejected, so dropping an input from the prover's and the
// verifier's transcript together fails a test. The DKG has no proofs (Feldman commitments).
#include <gtest/gtest.h>

#include <functional>

#include "hand_transcript.hpp"
#include "secure/joint_decryption.hpp"
#include "secure/lagrange.hpp"
#include "secure/proofs.hpp"
#include "test_support.hpp"

namespace oncoshare::secure {
namespace {

using test::challenge;
using test::hex;
using test::Input;
using test::point;
using test::points;
using test::u32le;
using test::weighted;

// The domain tags of proofs.cpp and joint_decryption.cpp, spelled out again on purpose.
constexpr std::string_view kDecryptionTag = "oncoshare.secure.v1.partial-decryption";
constexpr std::string_view kKeySwitchTag = "oncoshare.secure.v1.key-switch";
constexpr std::string_view kBatchDecryptionTag = "oncoshare.secure.v2.batch-partial-decryption";
constexpr std::string_view kBatchKeySwitchTag = "oncoshare.secure.v2.batch-key-switch";
constexpr std::string_view kCombinedTag = "oncoshare.secure.v3.combined-decryption";
constexpr std::string_view kDecryptionWeightsTag = "oncoshare.secure.v2.batch-partial-decryption.weights";
constexpr std::string_view kKeySwitchWeightsTag = "oncoshare.secure.v2.batch-key-switch.weights";
constexpr std::string_view kJointWeightsTag = "oncoshare.secure.v3.joint-decryption.weights";

// Constant secrets and nonces: the vectors below are the same on every run.
constexpr std::uint32_t kNode = 3;
const Scalar kX = Scalar::from_int(0x5eed'0001);   // key share x_i
const Scalar kY = Scalar::from_int(0x5eed'0002);   // researcher key y
const Scalar kW1 = Scalar::from_int(0x5eed'0003);  // prover nonces
const Scalar kW2 = Scalar::from_int(0x5eed'0004);
const std::vector<std::int64_t> kR = {0x5eed'0010, 0x5eed'0011, 0x5eed'0012};  // ciphertext randomness
const std::vector<std::int64_t> kK = {0x5eed'0020, 0x5eed'0021, 0x5eed'0022};  // key-switch blindings

std::vector<Point> first_components_of(const std::vector<std::int64_t>& r) {
  std::vector<Point> out;
  for (std::int64_t v : r) out.push_back(base_mul(Scalar::from_int(v)));
  return out;
}

std::vector<std::string> names(const std::vector<Input>& inputs, std::string_view prefix = {}) {
  std::vector<std::string> out;
  for (const Input& in : inputs) out.push_back(std::string(prefix) + in.name);
  return out;
}

// ---- Chaum-Pedersen: log_G X == log_C1 D ----

struct Dleq {
  std::uint32_t node;
  Point x_pub, c1, d;
};

std::vector<Input> dleq_inputs(std::string_view tag, const Dleq& s, const Point& t1, const Point& t2) {
  return {test::domain(tag), {"node", u32le(s.node)}, point("G", Point::generator()), point("X", s.x_pub),
          point("C1", s.c1),  point("D", s.d),         point("T1", t1),                  point("T2", t2)};
}

DecryptionProof hand_dleq(std::string_view tag, const Dleq& s, const Scalar& x, std::string_view omit = {}) {
  const Scalar c = challenge(dleq_inputs(tag, s, base_mul(kW1), kW1 * s.c1), omit);
  return {c, kW1 + c * x};
}

// The inputs as the verifier sees them: commitments recomputed from the proof.
std::vector<Input> dleq_inputs_of(std::string_view tag, const Dleq& s, const DecryptionProof& p) {
  return dleq_inputs(tag, s, base_mul(p.response) - p.challenge * s.x_pub, p.response * s.c1 - p.challenge * s.d);
}

const std::vector<std::string> kDleqInputs = names(dleq_inputs("", {}, {}, {}));

Dleq single_statement() {
  const Point c1 = base_mul(Scalar::from_int(kR[0]));
  return {kNode, base_mul(kX), c1, kX * c1};
}

// ---- key switch: X = x·G, A = k·G, B = k·Y - x·C1 ----

struct Switch {
  std::uint32_t node;
  Point x_pub, y, c1, a, b;
};

std::vector<Input> switch_inputs(std::string_view tag, const Switch& s, const Point& t1, const Point& t2,
                                 const Point& t3) {
  return {test::domain(tag), {"node", u32le(s.node)}, point("G", Point::generator()), point("X", s.x_pub),
          point("Y", s.y),    point("C1", s.c1),       point("A", s.a),                  point("B", s.b),
          point("T1", t1),    point("T2", t2),         point("T3", t3)};
}

KeySwitchProof hand_switch(std::string_view tag, const Switch& s, const Scalar& x, const Scalar& k,
                           std::string_view omit = {}) {
  const Scalar c = challenge(switch_inputs(tag, s, base_mul(kW1), base_mul(kW2), kW2 * s.y - kW1 * s.c1), omit);
  return {c, kW1 + c * x, kW2 + c * k};
}

std::vector<Input> switch_inputs_of(std::string_view tag, const Switch& s, const KeySwitchProof& p) {
  return switch_inputs(tag, s, base_mul(p.response_x) - p.challenge * s.x_pub,
                       base_mul(p.response_k) - p.challenge * s.a,
                       (p.response_k * s.y - p.response_x * s.c1) - p.challenge * s.b);
}

const std::vector<std::string> kSwitchInputs = names(switch_inputs("", {}, {}, {}, {}));

// Every name in `omittable` changes the proof `build` makes enough for `verify` to refuse it;
// with nothing omitted it passes.
void expect_every_input_bound(const std::vector<std::string>& omittable, const std::function<bool(std::string_view)>& verify_built) {
  EXPECT_TRUE(verify_built("")) << "the hand-built transcript";
  for (const std::string& name : omittable) EXPECT_FALSE(verify_built(name)) << "a transcript without " << name;
}

TEST(ProofVectors, DecryptionChallengeIsTheHandBuiltTranscript) {
  const Dleq s = single_statement();
  const DecryptionProof hand = hand_dleq(kDecryptionTag, s, kX);
  EXPECT_EQ(hex(hand.challenge), "1ace356c5b38a79b4ae21f2cdf04505f756e1762649617ce2760386a3592d001");
  EXPECT_TRUE(verify_decryption(s.node, s.x_pub, s.c1, s.d, hand));
  const DecryptionProof real = prove_decryption(s.node, kX, s.x_pub, s.c1, s.d);
  EXPECT_EQ(challenge(dleq_inputs_of(kDecryptionTag, s, real)), real.challenge);
}

TEST(ProofVectors, DecryptionChallengeBindsEveryInput) {
  const Dleq s = single_statement();
  expect_every_input_bound(kDleqInputs, [&](std::string_view omit) {
    return verify_decryption(s.node, s.x_pub, s.c1, s.d, hand_dleq(kDecryptionTag, s, kX, omit));
  });
}

TEST(ProofVectors, CombinedDecryptionChallengeIsTheHandBuiltTranscript) {
  const Dleq s = single_statement();
  const DecryptionProof hand = hand_dleq(kCombinedTag, s, kX);
  EXPECT_EQ(hex(hand.challenge), "86771c391976d683ad9b49e5e84bb58a51264d19d47c425e4e43b65b4efe6801");
  EXPECT_TRUE(verify_combined_decryption(s.node, s.x_pub, s.c1, s.d, hand));
  EXPECT_FALSE(verify_decryption(s.node, s.x_pub, s.c1, s.d, hand)) << "another proof's domain";
  const DecryptionProof real = prove_combined_decryption(s.node, kX, s.x_pub, s.c1, s.d);
  EXPECT_EQ(challenge(dleq_inputs_of(kCombinedTag, s, real)), real.challenge);
}

TEST(ProofVectors, CombinedDecryptionChallengeBindsEveryInput) {
  const Dleq s = single_statement();
  expect_every_input_bound(kDleqInputs, [&](std::string_view omit) {
    return verify_combined_decryption(s.node, s.x_pub, s.c1, s.d, hand_dleq(kCombinedTag, s, kX, omit));
  });
}

// ---- batched decryption: weights over (node, X, C1s, Ds), then one DLEQ over C*, D* ----

struct BatchDecryption {
  std::vector<Point> c1, d;
};

BatchDecryption batch_decryption_statement() {
  BatchDecryption s{first_components_of(kR), {}};
  for (const Point& c : s.c1) s.d.push_back(kX * c);
  return s;
}

std::vector<Input> decryption_weight_inputs(const BatchDecryption& s) {
  return {test::domain(kDecryptionWeightsTag, "weights domain"), {"weights node", u32le(kNode)},
          point("weights X", base_mul(kX)), points("weights C1", s.c1), points("weights D", s.d)};
}

// The combined statement with `omit` left out of the weights' transcript.
Dleq combine(const BatchDecryption& s, std::string_view omit) {
  const std::vector<Scalar> w = test::weights(decryption_weight_inputs(s), s.c1.size(), omit);
  return {kNode, base_mul(kX), weighted(s.c1, w), weighted(s.d, w)};
}

TEST(ProofVectors, BatchDecryptionChallengeIsTheHandBuiltTranscript) {
  const BatchDecryption s = batch_decryption_statement();
  const Dleq star = combine(s, "");
  const DecryptionProof hand = hand_dleq(kBatchDecryptionTag, star, kX);
  EXPECT_EQ(hex(hand.challenge), "f2d48151413056ddaafb5d91d0ff96508f53eabfd3013c91d260aad84e7afe05");
  EXPECT_TRUE(verify_decryption_batch(kNode, star.x_pub, s.c1, s.d, hand));
  const DecryptionProof real = prove_decryption_batch(kNode, kX, star.x_pub, s.c1, s.d);
  EXPECT_EQ(challenge(dleq_inputs_of(kBatchDecryptionTag, star, real)), real.challenge);
}

TEST(ProofVectors, BatchDecryptionChallengeAndWeightsBindEveryInput) {
  const BatchDecryption s = batch_decryption_statement();
  expect_every_input_bound(kDleqInputs, [&](std::string_view omit) {
    return verify_decryption_batch(kNode, base_mul(kX), s.c1, s.d, hand_dleq(kBatchDecryptionTag, combine(s, ""), kX, omit));
  });
  expect_every_input_bound(names(decryption_weight_inputs(s)), [&](std::string_view omit) {
    return verify_decryption_batch(kNode, base_mul(kX), s.c1, s.d, hand_dleq(kBatchDecryptionTag, combine(s, omit), kX));
  });
}

// ---- key switch, single and batched ----

Switch single_switch_statement() {
  const Point c1 = base_mul(Scalar::from_int(kR[0]));
  const Scalar k = Scalar::from_int(kK[0]);
  const Point y = base_mul(kY);
  return {kNode, base_mul(kX), y, c1, base_mul(k), k * y - kX * c1};
}

TEST(ProofVectors, KeySwitchChallengeIsTheHandBuiltTranscript) {
  const Switch s = single_switch_statement();
  const Scalar k = Scalar::from_int(kK[0]);
  const KeySwitchProof hand = hand_switch(kKeySwitchTag, s, kX, k);
  EXPECT_EQ(hex(hand.challenge), "7bb05adfc0a7548f3c07a76a287c910eb641cec6fb11d2c178616f237149f709");
  EXPECT_TRUE(verify_key_switch(s.node, s.x_pub, s.y, s.c1, s.a, s.b, hand));
  const KeySwitchProof real = prove_key_switch(s.node, kX, k, s.x_pub, s.y, s.c1, s.a, s.b);
  EXPECT_EQ(challenge(switch_inputs_of(kKeySwitchTag, s, real)), real.challenge);
}

TEST(ProofVectors, KeySwitchChallengeBindsEveryInput) {
  const Switch s = single_switch_statement();
  const Scalar k = Scalar::from_int(kK[0]);
  expect_every_input_bound(kSwitchInputs, [&](std::string_view omit) {
    return verify_key_switch(s.node, s.x_pub, s.y, s.c1, s.a, s.b, hand_switch(kKeySwitchTag, s, kX, k, omit));
  });
}

struct BatchSwitch {
  std::vector<Point> c1, a, b;
  std::vector<SecretScalar> blinding;
};

BatchSwitch batch_switch_statement() {
  BatchSwitch s{first_components_of(kR), {}, {}, {}};
  const Point y = base_mul(kY);
  for (std::size_t i = 0; i < kK.size(); ++i) {
    const Scalar k = Scalar::from_int(kK[i]);
    s.blinding.emplace_back(k);
    s.a.push_back(base_mul(k));
    s.b.push_back(k * y - kX * s.c1[i]);
  }
  return s;
}

std::vector<Input> switch_weight_inputs(const BatchSwitch& s) {
  return {test::domain(kKeySwitchWeightsTag, "weights domain"), {"weights node", u32le(kNode)},
          point("weights X", base_mul(kX)), point("weights Y", base_mul(kY)), points("weights C1", s.c1),
          points("weights A", s.a), points("weights B", s.b)};
}

// The combined statement and its blinding k* = Σ w_k·k_k, `omit` left out of the weights.
std::pair<Switch, Scalar> combine(const BatchSwitch& s, std::string_view omit) {
  const std::vector<Scalar> w = test::weights(switch_weight_inputs(s), s.c1.size(), omit);
  Scalar k_star;
  for (std::size_t i = 0; i < w.size(); ++i) k_star = k_star + w[i] * s.blinding[i].value();
  return {{kNode, base_mul(kX), base_mul(kY), weighted(s.c1, w), weighted(s.a, w), weighted(s.b, w)}, k_star};
}

TEST(ProofVectors, BatchKeySwitchChallengeIsTheHandBuiltTranscript) {
  const BatchSwitch s = batch_switch_statement();
  const auto [star, k_star] = combine(s, "");
  const KeySwitchProof hand = hand_switch(kBatchKeySwitchTag, star, kX, k_star);
  EXPECT_EQ(hex(hand.challenge), "0ce24d33c406fc2c8a18ca79f156d10005bd31c90ccfc43e80b042d1b8b8cb0f");
  EXPECT_TRUE(verify_key_switch_batch(kNode, star.x_pub, star.y, s.c1, s.a, s.b, hand));
  const KeySwitchProof real = prove_key_switch_batch(kNode, kX, s.blinding, star.x_pub, star.y, s.c1, s.a, s.b);
  EXPECT_EQ(challenge(switch_inputs_of(kBatchKeySwitchTag, star, real)), real.challenge);
}

TEST(ProofVectors, BatchKeySwitchChallengeAndWeightsBindEveryInput) {
  const BatchSwitch s = batch_switch_statement();
  const auto verify = [&](const KeySwitchProof& p) {
    return verify_key_switch_batch(kNode, base_mul(kX), base_mul(kY), s.c1, s.a, s.b, p);
  };
  expect_every_input_bound(kSwitchInputs, [&](std::string_view omit) {
    const auto [star, k_star] = combine(s, "");
    return verify(hand_switch(kBatchKeySwitchTag, star, kX, k_star, omit));
  });
  expect_every_input_bound(names(switch_weight_inputs(s)), [&](std::string_view omit) {
    const auto [star, k_star] = combine(s, omit);
    return verify(hand_switch(kBatchKeySwitchTag, star, kX, k_star));
  });
}

// ---- joint decryption: weights over (challenge, C1s); each node proves E_i = λ_i·x_i·C* ----

const std::vector<std::uint32_t> kDecryptors = {1, 2, 3};
const std::vector<std::int64_t> kValues = {5, -2, 40};

std::vector<Input> joint_weight_inputs(const OpeningChallenge& ch, std::span<const Point> c1) {
  return {test::domain(kJointWeightsTag, "weights domain"), {"weights challenge", {ch.bytes.begin(), ch.bytes.end()}},
          points("weights C1", c1)};
}

OpeningChallenge fixed_challenge() {
  OpeningChallenge ch;
  for (std::size_t i = 0; i < ch.bytes.size(); ++i) ch.bytes[i] = static_cast<std::uint8_t>(i);
  return ch;
}

// λ_i·x_i for node i of the shared federation.
Scalar lagrange_share(std::uint32_t node) {
  return *lagrange_at_zero(node, kDecryptors) * test::federation().shares[node - 1].secret.value();
}

TEST(ProofVectors, JointDecryptionProverUsesTheHandBuiltWeightsAndTranscript) {
  const CiphertextVector c = Encryptor(test::federation().key.public_key).encrypt(kValues);
  const std::vector<Point> c1 = first_components(c);
  const OpeningChallenge ch = fixed_challenge();
  const Point c_star = weighted(c1, test::weights(joint_weight_inputs(ch, c1), c1.size()));
  for (std::uint32_t i : kDecryptors) {
    auto real = JointDecryptor(test::federation().shares[i - 1]).prove(c1, kDecryptors, ch);
    ASSERT_TRUE(real) << real.error().to_string();
    const Dleq s{i, base_mul(lagrange_share(i)), c_star, real->combined};
    EXPECT_EQ(real->combined, lagrange_share(i) * c_star) << "node " << i;
    EXPECT_EQ(challenge(dleq_inputs_of(kCombinedTag, s, real->proof)), real->proof.challenge) << "node " << i;
  }
}

TEST(ProofVectors, JointDecryptionWeightsBindEveryInput) {
  const CiphertextVector c = Encryptor(test::federation().key.public_key).encrypt(kValues);
  const std::vector<Point> c1 = first_components(c);
  const OpeningChallenge ch = fixed_challenge();
  std::vector<DecryptionShares> shares;
  for (std::uint32_t i : kDecryptors) shares.push_back(*JointDecryptor(test::federation().shares[i - 1]).decrypt(c1, kDecryptors));
  // Round 2 built by hand, with `omit` left out of the weights' transcript.
  const auto open = [&](std::string_view omit) {
    const Point c_star = weighted(c1, test::weights(joint_weight_inputs(ch, c1), c1.size(), omit));
    std::vector<CombinedShare> combined;
    for (std::uint32_t i : kDecryptors) {
      const Scalar y = lagrange_share(i);
      combined.push_back({i, y * c_star, hand_dleq(kCombinedTag, {i, base_mul(y), c_star, y * c_star}, y)});
    }
    return open_jointly(test::federation().key, c, shares, combined, ch, test::small_table());
  };
  auto opened = open("");
  ASSERT_TRUE(opened) << opened.error().to_string();
  EXPECT_EQ(opened->values, kValues);
  for (const std::string& omit : names(joint_weight_inputs(ch, c1))) {
    auto refused = open(omit);
    ASSERT_TRUE(refused) << omit;
    EXPECT_TRUE(refused->values.empty()) << omit;
    ASSERT_EQ(refused->rejected.size(), 3u) << omit;
    EXPECT_EQ(refused->rejected[0].node, 1u);
    EXPECT_EQ(refused->rejected[0].reason, "its round-2 decryption proof does not verify");
  }
}

}  // namespace
}  // namespace oncoshare::secure
