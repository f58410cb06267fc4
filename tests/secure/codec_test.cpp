// Wire format: round trips of every message and every parse error, with exact messages.
#include <nlohmann/json.hpp>
#include <sodium.h>

#include <algorithm>
#include <cstring>

#include "secure/detail/json_fields.hpp"
#include "test_support.hpp"

namespace oncoshare::secure {
namespace {

using test::federation;

CiphertextVector sample_vector() {
  return Encryptor(federation().key.public_key).encrypt(std::vector<std::int64_t>{1, -2, 3});
}

std::string message(const core::Error& e) { return e.to_string(); }

TEST(Codec, RoundTripsEveryMessage) {
  const CiphertextVector c = sample_vector();
  EXPECT_EQ(*parse_ciphertext_vector(serialize(c)), c);
  EXPECT_EQ(*parse_collective_key(serialize(federation().key)), federation().key);
  const PartialDecryption partial = PartialDecryptor(federation().shares[1]).decrypt(c);
  EXPECT_EQ(*parse_partial_decryption(serialize(partial)), partial);
  const ResearcherKey researcher = ResearcherKey::generate();
  const KeySwitchShare ks = KeySwitcher(federation().shares[2]).switch_key(c, researcher.public_key());
  EXPECT_EQ(*parse_key_switch_share(serialize(ks)), ks);
  EXPECT_EQ(*parse_public_key(serialize_public_key(researcher.public_key())), researcher.public_key());
  const DkgComplaint complaint{3, 1};
  EXPECT_EQ(*parse_dkg_complaint(serialize(complaint)), complaint);

  auto dealer = std::move(*DkgParticipant::create({5, 3}, 2));
  EXPECT_EQ(*parse_dkg_commitments(serialize(dealer.commitments())), dealer.commitments());
  const DkgShare share = std::move(*dealer.deal(4));
  auto parsed = parse_dkg_share(serialize(share));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->dealer, 2u);
  EXPECT_EQ(parsed->recipient, 4u);
  EXPECT_EQ(parsed->value.value(), share.value.value());
}

TEST(Codec, CompactFixedLayout) {
  // Enc(0) with r = 0 is two identity points: 64 zero bytes.
  const CiphertextVector zero{zero_ciphertext()};
  EXPECT_EQ(serialize(zero), R"({"count":1,"data":")" + std::string(86, 'A') + "==\",\"type\":\"ciphertext_vector\"}");
  const std::string json = serialize(sample_vector());
  EXPECT_EQ(json.size(), std::string(R"({"count":3,"data":"","type":"ciphertext_vector"})").size() + 256);
}

TEST(Codec, SyntaxAndShapeErrors) {
  EXPECT_EQ(message(parse_ciphertext_vector("{").error()), "ciphertext_vector: not valid JSON");
  EXPECT_EQ(message(parse_ciphertext_vector("[1]").error()), "ciphertext_vector: expected a JSON object");
  EXPECT_EQ(message(parse_ciphertext_vector(R"({"count":0,"data":""})").error()), "field 'type': missing");
  EXPECT_EQ(message(parse_ciphertext_vector(R"({"type":"ciphertext_vector","data":""})").error()),
            "field 'count': missing");
  EXPECT_EQ(message(parse_ciphertext_vector(R"({"type":"ciphertext_vector","count":0,"data":"","x":1})").error()),
            "field 'x': unknown field");
  EXPECT_EQ(message(parse_ciphertext_vector(R"({"type":"partial_decryption","count":0,"data":""})").error()),
            "field 'type': expected \"ciphertext_vector\", got \"partial_decryption\"");
  EXPECT_EQ(message(parse_ciphertext_vector(R"({"type":7,"count":0,"data":""})").error()),
            "field 'type': expected \"ciphertext_vector\", got 7");
  // An empty vector is valid.
  EXPECT_TRUE(parse_ciphertext_vector(R"({"type":"ciphertext_vector","count":0,"data":""})")->empty());
}

TEST(Codec, IntegerErrors) {
  const auto with_count = [](const std::string& count) {
    return parse_ciphertext_vector(R"({"type":"ciphertext_vector","count":)" + count + R"(,"data":""})");
  };
  EXPECT_EQ(message(with_count("-1").error()), "field 'count': expected an integer in [0, 16777216], got -1");
  EXPECT_EQ(message(with_count("1.5").error()), "field 'count': expected an integer in [0, 16777216], got 1.5");
  EXPECT_EQ(message(with_count("\"3\"").error()), "field 'count': expected an integer in [0, 16777216], got \"3\"");
  EXPECT_EQ(message(with_count("16777217").error()),
            "field 'count': expected an integer in [0, 16777216], got 16777217");
  EXPECT_EQ(message(parse_dkg_complaint(R"({"type":"dkg_complaint","accuser":0,"dealer":1})").error()),
            "field 'accuser': expected an integer in [1, 1024], got 0");
}

TEST(Codec, BytesErrors) {
  const auto with_data = [](const std::string& count, const std::string& data) {
    return parse_ciphertext_vector(R"({"type":"ciphertext_vector","count":)" + count + R"(,"data":)" + data + "}");
  };
  EXPECT_EQ(message(with_data("1", "5").error()), "field 'data': expected a base64 string, got 5");
  EXPECT_EQ(message(with_data("1", "\"!!!!\"").error()), "field 'data': invalid base64 \"!!!!\"");
  EXPECT_EQ(message(with_data("1", "\"AAAA\"").error()), "field 'data': expected 64 bytes, got 3");
  EXPECT_EQ(message(with_data("1", "\"" + std::string(84, 'A') + "=\"").error()),
            "field 'data': invalid base64 \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA...");
  // 64 bytes of 0xff: not a valid Ristretto255 encoding.
  std::string ff(85, '/');
  ff += "w==";
  EXPECT_EQ(message(with_data("1", "\"" + ff + "\"").error()),
            "field 'data': element 0 is not a valid Ristretto255 point");
}

TEST(Codec, ScalarPointAndListErrors) {
  // A share of 0xff..ff is not a canonical scalar (>= L).
  const std::string ff = std::string(42, '/') + "8=";
  EXPECT_EQ(message(parse_dkg_share(R"({"type":"dkg_share","dealer":1,"recipient":2,"share":")" + ff + "\"}").error()),
            "field 'share': element 0 is not a canonical scalar");
  const std::string zero32 = std::string(43, 'A') + "=";
  EXPECT_EQ(message(parse_public_key(R"({"type":"public_key","key":")" + zero32 + "\"}").error()),
            "field 'key': the identity is not a public key");
  std::string key = serialize(federation().key);
  const auto pos = key.find("\"qualified\":[1,2,3,4,5]");
  ASSERT_NE(pos, std::string::npos);
  std::string unsorted = key;
  unsorted.replace(pos, 23, "\"qualified\":[1,3,2,4,5]");
  EXPECT_EQ(message(parse_collective_key(unsorted).error()),
            "field 'qualified': expected ascending integers in [1, 5], got 2");
  std::string out_of_range = key;
  out_of_range.replace(pos, 23, "\"qualified\":[1,2,3,4,9]");
  EXPECT_EQ(message(parse_collective_key(out_of_range).error()),
            "field 'qualified': expected ascending integers in [1, 5], got 9");
  // A partial decryption whose single batched proof is cut to one scalar, or that still
  // carries the old per-element "proofs" list.
  PartialDecryption partial = PartialDecryptor(federation().shares[0]).decrypt(sample_vector());
  nlohmann::json cut = nlohmann::json::parse(serialize(partial));
  cut["proof"] = detail::to_base64(partial.proof.challenge.bytes.data(), kScalarBytes);
  EXPECT_EQ(message(parse_partial_decryption(cut.dump()).error()), "field 'proof': expected 64 bytes, got 32");
  nlohmann::json old_format = nlohmann::json::parse(serialize(partial));
  old_format["proofs"] = old_format["proof"];
  old_format.erase("proof");
  auto old = parse_partial_decryption(old_format.dump());
  ASSERT_FALSE(old);
  EXPECT_NE(message(old.error()).find("unknown field"), std::string::npos) << message(old.error());
  KeySwitchShare ks = KeySwitcher(federation().shares[0]).switch_key(sample_vector(), federation().key.public_key);
  ks.b.pop_back();
  EXPECT_EQ(message(parse_key_switch_share(serialize(ks)).error()), "field 'b': expected 96 bytes, got 64");
  DkgCommitments commitments = DkgParticipant::create({5, 3}, 1)->commitments();
  commitments.coefficients.pop_back();
  std::string text = serialize(commitments);
  text.replace(text.find("\"threshold\":2"), 13, "\"threshold\":3");
  EXPECT_EQ(message(parse_dkg_commitments(text).error()), "field 'commitments': expected 96 bytes, got 64");
}

}  // namespace
}  // namespace oncoshare::secure

namespace oncoshare::secure {
namespace {

TEST(Codec, ParseAndSumChecksEveryPointOnceAndNamesTheSender) {
  const Encryptor enc(test::federation().key.public_key);
  const std::vector<CiphertextVector> vectors = {enc.encrypt(std::vector<std::int64_t>{1, 2, 3}),
                                                 enc.encrypt(std::vector<std::int64_t>{10, 0, -3}),
                                                 enc.encrypt(std::vector<std::int64_t>{100, 5, 0})};
  std::vector<std::string> texts;
  for (const auto& v : vectors) texts.push_back(serialize(v));
  const std::vector<std::string> names = {"site_a", "site_b", "site_c"};
  auto summed = parse_and_sum(texts, names);
  ASSERT_TRUE(summed) << summed.error().to_string();
  EXPECT_EQ(summed->vectors, vectors);
  EXPECT_EQ(summed->total, *sum(vectors));
  auto one = parse_and_sum(std::span(texts).first(1), std::span(names).first(1));
  ASSERT_TRUE(one);
  EXPECT_EQ(one->total, vectors[0]);

  // Element 1's C2 from site_b replaced by bytes that decode to no point.
  std::vector<std::uint8_t> raw(3 * kCiphertextBytes);
  std::memcpy(raw.data(), vectors[1].data(), raw.size());
  std::fill_n(raw.begin() + kCiphertextBytes + kPointBytes, kPointBytes, 0xff);
  auto forged = nlohmann::json::parse(texts[1]);
  forged["data"] = detail::to_base64(raw.data(), raw.size());
  for (std::size_t alone : {0, 1}) {  // in a sum, and on its own
    std::vector<std::string> bad = alone ? std::vector<std::string>{forged.dump()}
                                         : std::vector<std::string>{texts[0], forged.dump(), texts[2]};
    std::vector<std::string> who = alone ? std::vector<std::string>{"site_b"} : names;
    auto refused = parse_and_sum(bad, who);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().to_string(), "field 'data': site_b: element 1: C2 is not a valid group element");
  }
  auto longer = parse_and_sum(std::vector<std::string>{texts[0], serialize(enc.encrypt(std::vector<std::int64_t>{1}))},
                              std::vector<std::string>{"site_a", "site_b"});
  ASSERT_FALSE(longer);
  EXPECT_EQ(longer.error().message, "site_b: 1 ciphertexts, site_a sent 3");
}

}  // namespace
}  // namespace oncoshare::secure
