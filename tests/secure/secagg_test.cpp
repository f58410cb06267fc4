// Secure aggregation end to end with every message through its JSON form: exact sums for
// 3, 5 and 10 participants, masked inputs that reveal nothing alone, dropouts, SecAgg+
// neighbourhoods, and every refusal with its exact message.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>
#include <set>

#include "secure/secagg.hpp"
#include "secure/shamir.hpp"

namespace oncoshare::secure {
namespace {

SecAggParams make_params(std::uint32_t n, std::uint32_t t, std::uint32_t length = 231, std::uint32_t k = 0,
                         std::string id = "study-7.glm:iter-3") {
  return SecAggParams{std::move(id), n, t, k, length, kDefaultFractionalBits};
}

// Hessian-like inputs: positive diagonal-ish values on mixed scales, some negative.
std::vector<std::vector<double>> make_inputs(std::uint32_t n, std::uint32_t length, std::uint64_t seed = 7) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::vector<std::vector<double>> out(n, std::vector<double>(length));
  for (auto& v : out)
    for (std::size_t k = 0; k < length; ++k) v[k] = normal(rng) * std::pow(10.0, static_cast<double>(k % 7) - 3.0);
  return out;
}

template <class T>
T roundtrip(const T& message, core::Result<T> (*parse)(std::string_view)) {
  auto parsed = parse(serialize(message));
  EXPECT_TRUE(parsed) << parsed.error().to_string();
  EXPECT_EQ(*parsed, message);
  return *parsed;
}

// The whole protocol in memory; the aggregator relays, every message goes through JSON.
// Hooks let a test tamper with or drop what is relayed.
struct Harness {
  SecAggParams params;
  std::vector<SecAggParticipant> nodes;
  SecAggAggregator aggregator;
  std::set<std::uint32_t> drop_after_share;  // stop between rounds 1 and 2
  std::function<void(std::uint32_t, std::vector<EncryptedShares>&)> on_relay_shares;
  std::function<void(UnmaskShares&)> on_unmask;
  std::vector<MaskedInput> masked;

  explicit Harness(SecAggParams p) : params(std::move(p)), aggregator(*SecAggAggregator::create(params)) {
    for (std::uint32_t i = 1; i <= params.participants; ++i) nodes.push_back(*SecAggParticipant::create(params, i));
  }

  core::Status share_round() {
    for (auto& node : nodes) ONCOSHARE_TRY(aggregator.receive(roundtrip(node.advertise(), parse_advertise_keys)));
    auto advertised = aggregator.close_advertise();
    if (!advertised) return core::fail(advertised.error());
    for (auto& node : nodes) {
      auto shares = node.share_keys(*advertised);
      if (!shares) return core::fail(shares.error());
      for (const auto& s : *shares) ONCOSHARE_TRY(aggregator.receive(roundtrip(s, parse_encrypted_shares)));
    }
    auto u2 = aggregator.close_shares();
    if (!u2) return core::fail(u2.error());
    return {};
  }

  core::Status input_round(const std::vector<std::vector<double>>& inputs) {
    for (auto& node : nodes) {
      if (drop_after_share.count(node.index()) != 0) continue;
      auto relayed = aggregator.shares_for(node.index());
      if (!relayed) return core::fail(relayed.error());
      for (auto& s : *relayed) s = roundtrip(s, parse_encrypted_shares);
      if (on_relay_shares) on_relay_shares(node.index(), *relayed);
      auto y = node.mask_input(inputs[node.index() - 1], *relayed);
      if (!y) return core::fail(y.error());
      masked.push_back(roundtrip(*y, parse_masked_input));
      ONCOSHARE_TRY(aggregator.receive(masked.back()));
    }
    return {};
  }

  core::Result<AggregateResult> unmask_round() {
    auto request = aggregator.close_inputs();
    if (!request) return core::fail(request.error());
    const UnmaskRequest relayed = roundtrip(*request, parse_unmask_request);
    for (const std::uint32_t i : relayed.survivors) {
      auto shares = nodes[i - 1].unmask(relayed);
      if (!shares) return core::fail(shares.error());
      UnmaskShares message = roundtrip(*shares, parse_unmask_shares);
      if (on_unmask) on_unmask(message);
      ONCOSHARE_TRY(aggregator.receive(message));
    }
    return aggregator.finish();
  }

  core::Result<AggregateResult> run(const std::vector<std::vector<double>>& inputs) {
    ONCOSHARE_TRY(share_round());
    ONCOSHARE_TRY(input_round(inputs));
    return unmask_round();
  }
};

// |got - want| <= 2^-50 |want| + n·2^-64 (the fixed-point resolution) for every element.
void expect_sum(const AggregateResult& result, const std::vector<std::vector<double>>& inputs,
                const std::vector<std::uint32_t>& included) {
  ASSERT_EQ(result.survivors, included);
  for (std::size_t k = 0; k < inputs[0].size(); ++k) {
    long double want = 0;
    for (const std::uint32_t i : included) want += inputs[i - 1][k];
    const double tolerance = 0x1p-50 * std::fabs(static_cast<double>(want)) + included.size() * 0x1p-64;
    ASSERT_LE(std::fabs(result.sum[k] - static_cast<double>(want)), tolerance) << "element " << k;
  }
}

std::vector<std::uint32_t> range(std::uint32_t n) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t i = 1; i <= n; ++i) out.push_back(i);
  return out;
}

class SecAggSizes : public ::testing::TestWithParam<std::pair<std::uint32_t, std::uint32_t>> {};

TEST_P(SecAggSizes, SumEqualsThePlainSum) {
  const auto [n, t] = GetParam();
  Harness h(make_params(n, t));
  const auto inputs = make_inputs(n, 231);
  auto result = h.run(inputs);
  ASSERT_TRUE(result) << result.error().to_string();
  expect_sum(*result, inputs, range(n));
  EXPECT_TRUE(result->dropped.empty());
}

INSTANTIATE_TEST_SUITE_P(Participants, SecAggSizes,
                         ::testing::Values(std::pair{3u, 2u}, std::pair{5u, 3u}, std::pair{10u, 6u}));

TEST(SecAgg, MaskedInputsAloneRevealNothing) {
  Harness h(make_params(5, 3));
  const auto inputs = make_inputs(5, 231);
  auto result = h.run(inputs);
  ASSERT_TRUE(result) << result.error().to_string();
  const FixedPoint codec = *FixedPoint::create();
  std::vector<u128> partial(231, 0);
  for (const MaskedInput& y : h.masked) {
    const std::vector<double> seen = codec.decode(y.data);
    const auto encoded = *codec.encode(inputs[y.index - 1]);
    for (std::size_t k = 0; k < 231; ++k) {
      EXPECT_NE(y.data[k], encoded[k]);
      EXPECT_GT(std::fabs(seen[k] - inputs[y.index - 1][k]), 1e6) << "participant " << y.index << " element " << k;
    }
    if (y.index != 5) {
      for (std::size_t k = 0; k < 231; ++k) partial[k] += y.data[k];
    }
  }
  // Four of five masked inputs still carry the pairwise masks shared with the fifth.
  const std::vector<double> four = codec.decode(partial);
  for (std::size_t k = 0; k < 231; ++k) {
    const double plain = inputs[0][k] + inputs[1][k] + inputs[2][k] + inputs[3][k];
    EXPECT_GT(std::fabs(four[k] - plain), 1e6) << k;
  }
}

TEST(SecAgg, OneDropoutAfterSharingIsRecovered) {
  Harness h(make_params(5, 3));
  h.drop_after_share = {2};
  const auto inputs = make_inputs(5, 231);
  auto result = h.run(inputs);
  ASSERT_TRUE(result) << result.error().to_string();
  expect_sum(*result, inputs, {1, 3, 4, 5});
  EXPECT_EQ(result->dropped, (std::vector<std::uint32_t>{2}));
}

TEST(SecAgg, TwoDropoutsOfTenAreRecovered) {
  Harness h(make_params(10, 6));
  h.drop_after_share = {3, 10};
  const auto inputs = make_inputs(10, 231, 11);
  auto result = h.run(inputs);
  ASSERT_TRUE(result) << result.error().to_string();
  expect_sum(*result, inputs, {1, 2, 4, 5, 6, 7, 8, 9});
  EXPECT_EQ(result->dropped, (std::vector<std::uint32_t>{3, 10}));
}

TEST(SecAgg, TooManyDropoutsFailNamingTheMissing) {
  Harness h(make_params(5, 3));
  h.drop_after_share = {1, 2, 4};
  ASSERT_TRUE(h.share_round());
  ASSERT_TRUE(h.input_round(make_inputs(5, 231)));
  auto result = h.unmask_round();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, core::ErrorCode::check_failed);
  EXPECT_EQ(result.error().message,
            "secure aggregation: only 2 of 5 participants sent masked inputs (missing 1, 2, 4); threshold 3");
}

TEST(SecAgg, TooFewAdvertisementsFail) {
  const SecAggParams p = make_params(5, 3);
  SecAggAggregator aggregator = *SecAggAggregator::create(p);
  for (std::uint32_t i : {2u, 5u}) ASSERT_TRUE(aggregator.receive(SecAggParticipant::create(p, i)->advertise()));
  auto closed = aggregator.close_advertise();
  ASSERT_FALSE(closed);
  EXPECT_EQ(closed.error().message,
            "secure aggregation: only 2 of 5 participants advertised keys (missing 1, 3, 4); threshold 3");
}

TEST(SecAgg, SecAggPlusNeighbourhoodsWithDropouts) {
  const SecAggParams p = make_params(10, 3, 231, 4);
  EXPECT_EQ(neighbours_of(p, 1), (std::vector<std::uint32_t>{2, 3, 9, 10}));
  EXPECT_EQ(holders_of(p, 6), (std::vector<std::uint32_t>{4, 5, 6, 7, 8}));
  EXPECT_EQ(neighbours_of(make_params(10, 3, 1, 3), 1), (std::vector<std::uint32_t>{2, 6, 10}));
  EXPECT_EQ(neighbours_of(make_params(4, 3), 2), (std::vector<std::uint32_t>{1, 3, 4}));
  Harness h(p);
  h.drop_after_share = {4, 5};
  ASSERT_TRUE(h.share_round());
  for (std::uint32_t i = 1; i <= 10; ++i) EXPECT_EQ(h.aggregator.shares_for(i)->size(), 5u) << i;
  const auto inputs = make_inputs(10, 231, 3);
  ASSERT_TRUE(h.input_round(inputs));
  auto result = h.unmask_round();
  ASSERT_TRUE(result) << result.error().to_string();
  expect_sum(*result, inputs, {1, 2, 3, 6, 7, 8, 9, 10});
}

TEST(SecAgg, TamperedShareNamesTheSender) {
  Harness h(make_params(5, 3));
  h.on_relay_shares = [](std::uint32_t to, std::vector<EncryptedShares>& shares) {
    if (to == 1) shares[1].ciphertext[40] ^= 0x01;  // the shares from participant 2
  };
  auto result = h.run(make_inputs(5, 231));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message,
            "participant 1: the shares from participant 2 failed authentication (tampered, or sealed for another "
            "aggregation)");
}

TEST(SecAgg, WrongRevealedShareIsCaught) {
  // Exactly t responders: the seed check catches the wrong seed; with more, Shamir does.
  for (const std::uint32_t dropped : {2u, 0u}) {
    Harness h(make_params(4, 3));
    if (dropped != 0) h.drop_after_share = {dropped};
    h.on_unmask = [](UnmaskShares& m) {
      if (m.index == 3) m.seed_shares[0].value = m.seed_shares[0].value + Scalar::from_int(1);
    };
    auto result = h.run(make_inputs(4, 231));
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().message,
              dropped != 0 ? "secure aggregation: the self-mask seed recovered for participant 1 does not match its "
                             "seed check (a wrong share)"
                           : "secure aggregation: cannot recover the self-mask seed of participant 1: shamir: the "
                             "shares held by 1, 2, 3, 4 do not lie on one polynomial (at least one is wrong)");
  }
}

TEST(SecAgg, MessagesOfAnotherAggregationAreRefused) {
  const SecAggParams a = make_params(3, 2, 8, 0, "agg-A");
  const SecAggParams b = make_params(3, 2, 8, 0, "agg-B");
  SecAggParticipant pa = *SecAggParticipant::create(a, 1);
  SecAggParticipant pb = *SecAggParticipant::create(b, 2);
  SecAggAggregator aggregator = *SecAggAggregator::create(a);
  auto refused = aggregator.receive(pb.advertise());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "secure aggregation: an advertisement of aggregation \"agg-B\" refused, this is \"agg-A\"");
  EXPECT_EQ(refused.error().where.field, "aggregation");
  std::vector<AdvertiseKeys> mixed = {pa.advertise(), pb.advertise()};
  auto shared = pa.share_keys(mixed);
  ASSERT_FALSE(shared);
  EXPECT_EQ(shared.error().message,
            "participant 1: an advertisement of aggregation \"agg-B\" refused, this is \"agg-A\"");

  // A share sealed in aggregation B and relabelled as A does not authenticate in A.
  Harness ha(a);
  Harness hb(b);
  ASSERT_TRUE(ha.share_round());
  ASSERT_TRUE(hb.share_round());
  std::vector<EncryptedShares> to_one = *ha.aggregator.shares_for(1);
  to_one[1] = (*hb.aggregator.shares_for(1))[1];
  to_one[1].aggregation = "agg-A";
  auto masked = ha.nodes[0].mask_input(std::vector<double>(8, 1.0), to_one);
  ASSERT_FALSE(masked);
  EXPECT_EQ(masked.error().message,
            "participant 1: the shares from participant 2 failed authentication (tampered, or sealed for another "
            "aggregation)");
}

TEST(SecAgg, WrongLengthsAreRefused) {
  Harness h(make_params(3, 2, 4));
  ASSERT_TRUE(h.share_round());
  auto received = *h.aggregator.shares_for(1);
  auto short_input = h.nodes[0].mask_input(std::vector<double>(3, 1.0), received);
  ASSERT_FALSE(short_input);
  EXPECT_EQ(short_input.error().message, "participant 1: input has 3 elements, expected 4");
  auto bad_value = h.nodes[0].mask_input(std::vector<double>{1.0, 2.0, NAN, 4.0}, received);
  ASSERT_FALSE(bad_value);
  EXPECT_EQ(bad_value.error().message,
            "participant 1: input element 2: nan is not a finite number with magnitude below 2^62");
  MaskedInput wrong = *h.nodes[0].mask_input(std::vector<double>(4, 1.0), received);
  wrong.data.pop_back();
  auto refused = h.aggregator.receive(wrong);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "secure aggregation: masked input from 1 has 3 elements, expected 4");
}

TEST(SecAgg, ParticipantRefusesUnsafeUnmaskRequests) {
  Harness h(make_params(5, 3, 4));
  ASSERT_TRUE(h.share_round());
  ASSERT_TRUE(h.input_round(make_inputs(5, 4)));
  SecAggParticipant& p = h.nodes[0];
  auto few = p.unmask({"study-7.glm:iter-3", {1, 2}});
  ASSERT_FALSE(few);
  EXPECT_EQ(few.error().message, "participant 1: only 2 survivors, threshold 3: nothing revealed");
  auto absent = p.unmask({"study-7.glm:iter-3", {2, 3, 4}});
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().message, "participant 1: not listed among the survivors");
  auto first = p.unmask({"study-7.glm:iter-3", {1, 2, 3}});
  ASSERT_TRUE(first);
  EXPECT_EQ(first->seed_shares.size(), 3u);
  EXPECT_EQ(first->key_shares.size(), 2u);  // owners 4 and 5, never also their seeds
  EXPECT_EQ(first->key_shares[0].owner, 4u);
  // A second request claiming 4 and 5 survived would reveal their seeds too: refused.
  auto second = p.unmask({"study-7.glm:iter-3", {1, 2, 3, 4, 5}});
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().message, "participant 1: already unmasked: a second request is refused");
}

TEST(SecAgg, AggregatorRefusesSharesOfTheWrongKind) {
  Harness h(make_params(5, 3, 4));
  h.drop_after_share = {5};
  ASSERT_TRUE(h.share_round());
  ASSERT_TRUE(h.input_round(make_inputs(5, 4)));
  const UnmaskRequest request = *h.aggregator.close_inputs();
  UnmaskShares m = *h.nodes[0].unmask(request);
  m.seed_shares.push_back({5, m.key_shares[0].value});  // a seed share of the dropped participant
  auto refused = h.aggregator.receive(m);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message, "secure aggregation: unmask shares from 1: unexpected seed share of participant 5");
}

TEST(SecAgg, ParamsAreValidated) {
  auto error_of = [](SecAggParams p) { return validate(p).error().message; };
  EXPECT_EQ(error_of(make_params(5, 1)), "expected 2..5 (neighbours + 1), got 1");
  EXPECT_EQ(error_of(make_params(5, 6)), "expected 2..5 (neighbours + 1), got 6");
  EXPECT_EQ(error_of(make_params(5, 3, 4, 3)), "expected 1..4 with participants x neighbours even, got 3");
  EXPECT_EQ(error_of(make_params(10, 4, 4, 2)), "expected 2..3 (neighbours + 1), got 4");
  EXPECT_EQ(error_of(make_params(5, 3, 0)), "expected 1..16777216, got 0");
  EXPECT_EQ(error_of(make_params(5, 3, 4, 0, "a b")), "expected 1-128 characters of [A-Za-z0-9._:-], got \"a b\"");
  EXPECT_EQ(validate(make_params(5, 3, 0)).error().where.field, "length");
  EXPECT_EQ(SecAggParticipant::create(make_params(5, 3), 6).error().message, "participant index 6 outside 1..5");
}

TEST(SecAggCodec, EveryMessageRoundTrips) {
  Harness h(make_params(3, 2, 3));
  h.drop_after_share = {3};
  ASSERT_TRUE(h.share_round());
  ASSERT_TRUE(h.input_round(make_inputs(3, 3)));  // the harness round-trips and compares each
  const UnmaskRequest request = roundtrip(*h.aggregator.close_inputs(), parse_unmask_request);
  const UnmaskShares shares = roundtrip(*h.nodes[0].unmask(request), parse_unmask_shares);
  EXPECT_EQ(shares.key_shares.size(), 1u);
  EXPECT_EQ(serialize(request), R"({"aggregation":"study-7.glm:iter-3","survivors":[1,2],"type":"secagg_unmask_request"})");
  const MaskedInput tiny{"a", 2, {}, {1, ~u128{0}}};
  EXPECT_EQ(serialize(tiny),
            R"({"aggregation":"a","count":2,"data":"AQAAAAAAAAAAAAAAAAAAAP////////////////////8=",)"
            R"("index":2,"seed_check":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=","type":"secagg_masked_input"})");
}

TEST(SecAggCodec, StrictParseErrorsNameTheField) {
  auto check = [](const core::Error& e, const char* field, const char* message) {
    EXPECT_EQ(e.where.field, field);
    EXPECT_EQ(e.message, message);
  };
  const std::string zero32 = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  check(parse_advertise_keys(R"({"type":"secagg_advertise","aggregation":"a","index":1,"c_pk":")" + zero32 + "\"}")
            .error(),
        "s_pk", "missing");
  check(parse_advertise_keys(R"({"type":"secagg_advertise","aggregation":"a","index":0,"c_pk":")" + zero32 +
                             R"(","s_pk":")" + zero32 + "\"}")
            .error(),
        "index", "expected an integer in [1, 1024], got 0");
  check(parse_advertise_keys(R"({"type":"secagg_advertise","aggregation":"","index":1,"c_pk":")" + zero32 +
                             R"(","s_pk":")" + zero32 + "\"}")
            .error(),
        "aggregation", "expected a string of 1-128 bytes, got \"\"");
  check(parse_encrypted_shares(R"({"type":"secagg_shares","aggregation":"a","from":1,"to":2,"ciphertext":")" +
                               zero32 + "\"}")
            .error(),
        "ciphertext", "expected 104 bytes, got 32");
  check(parse_encrypted_shares(R"({"type":"secagg_advertise","aggregation":"a","from":1,"to":2,"ciphertext":""})")
            .error(),
        "type", "expected \"secagg_shares\", got \"secagg_advertise\"");
  check(parse_masked_input(R"({"type":"secagg_masked_input","aggregation":"a","index":1,"count":3,"seed_check":")" +
                           zero32 + R"(","data":")" + zero32 + "\"}")
            .error(),
        "data", "expected 48 bytes, got 32");
  check(parse_masked_input(R"({"type":"secagg_masked_input","aggregation":"a","index":1,"count":3,"seed_check":")" +
                           zero32 + R"(","data":")" + zero32 + R"(","extra":1})")
            .error(),
        "extra", "unknown field");
  check(parse_unmask_request(R"({"type":"secagg_unmask_request","aggregation":"a","survivors":[1,3,2]})").error(),
        "survivors", "expected ascending integers in [1, 1024], got 2");
  check(parse_unmask_shares(R"({"type":"secagg_unmask","aggregation":"a","index":1,"seed_owners":[1,2],)"
                            R"("seed_shares":")" + zero32 + R"(","key_owners":[],"key_shares":""})")
            .error(),
        "seed_shares", "expected 64 bytes, got 32");
  check(parse_unmask_shares(R"({"type":"secagg_unmask","aggregation":"a","index":1,"seed_owners":[],)"
                            R"("seed_shares":"","key_owners":[3],"key_shares":"//////////////////////////////////////////8="})")
            .error(),
        "key_shares", "element 0 is not a canonical scalar");
}

TEST(Shamir, AnyThresholdSubsetReconstructsAndFewerDoNot) {
  const Scalar secret = Scalar::random();
  const std::vector<std::uint32_t> holders = {1, 2, 4, 7, 9};
  auto shares = *shamir_split(secret, 3, holders);
  ASSERT_EQ(shares.size(), 5u);
  EXPECT_EQ(shares[2].holder, 4u);
  for (std::size_t a = 0; a < 5; ++a)
    for (std::size_t b = a + 1; b < 5; ++b)
      for (std::size_t c = b + 1; c < 5; ++c) {
        const std::vector<ShamirShare> subset = {shares[a], shares[b], shares[c]};
        EXPECT_EQ(*shamir_combine(subset, 3), secret);
      }
  const std::vector<ShamirShare> two = {shares[0], shares[1]};
  EXPECT_EQ(shamir_combine(two, 3).error().message, "shamir: 2 shares, at least 3 needed");
  EXPECT_EQ(*shamir_combine(shares, 3), secret);
  shares[3].value = shares[3].value + Scalar::from_int(1);
  EXPECT_EQ(shamir_combine(shares, 3).error().message, "shamir: the shares held by 1, 2, 4, 7, 9 do not lie on one polynomial (at least one is wrong)");
  EXPECT_EQ(shamir_split(secret, 6, holders).error().message,
            "shamir: threshold 6 must be in [1, 5] (the number of holders)");
}

}  // namespace
}  // namespace oncoshare::secure
