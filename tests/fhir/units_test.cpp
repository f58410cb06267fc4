// The fhir building blocks: JSON escaping, UUIDv5, date policy, decimals, target vocabulary.
#include <gtest/gtest.h>

#include "fhir/json_writer.hpp"
#include "fhir/resource_json.hpp"
#include "fhir/target.hpp"
#include "fhir/uuid.hpp"

namespace oncoshare::fhir {
namespace {

TEST(JsonWriter, EscapesAndNests) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  w.field("a", "q\"b\\s\n\t\x01");
  w.begin_array("list");
  w.literal("1");
  w.string("x");
  w.begin_object();
  w.end_object();
  w.end_array();
  w.field_literal("n", "2.5");
  w.end_object();
  EXPECT_EQ(out, R"({"a":"q\"b\\s\n\t\u0001","list":[1,"x",{}],"n":2.5})");
}

TEST(JsonWriter, InvalidUtf8BecomesReplacementCharacter) {
  std::string out;
  append_json_escaped(out, "caf\xC3\xA9 \xFF end \xE2\x82");
  EXPECT_EQ(out, "caf\xC3\xA9 \xEF\xBF\xBD end \xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(Uuid, Rfc9562Version5Example) {
  // RFC 9562 appendix A.4: namespace DNS, name "www.example.com".
  constexpr UuidBytes kDns = {0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
                              0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
  EXPECT_EQ(uuid_v5(kDns, "www.example.com"), "2ed6657d-e927-568b-95e1-2665a8aea6a2");
  EXPECT_NE(uuid_v5(kOncoshareNamespace, "a/Patient"), uuid_v5(kOncoshareNamespace, "b/Patient"));
}

TEST(Decimal, NormalisesRedcapNumbers) {
  std::string out;
  EXPECT_TRUE(normalise_decimal(" 074.10 ", out));
  EXPECT_EQ(out, "74.10");
  EXPECT_TRUE(normalise_decimal("3,5", out));
  EXPECT_EQ(out, "3.5");
  EXPECT_TRUE(normalise_decimal("-.5", out));
  EXPECT_EQ(out, "-0.5");
  EXPECT_FALSE(normalise_decimal("1e5", out));
  EXPECT_FALSE(normalise_decimal("12 cm", out));
  EXPECT_FALSE(normalise_decimal("", out));
}

TEST(Target, Vocabulary) {
  EXPECT_EQ(parse_target("Patient.gender")->role, Role::patient_gender);
  const auto stage = parse_target("mcode-tnm-stage-group");
  ASSERT_TRUE(stage);
  EXPECT_EQ(stage->role, Role::observation);
  EXPECT_TRUE(stage->observation->tnm);
  EXPECT_TRUE(stage->observation->stage_group);
  const auto effective = parse_target("mcode-cancer-disease-status.effectiveDateTime");
  ASSERT_TRUE(effective);
  EXPECT_EQ(effective->role, Role::observation_effective);
  EXPECT_EQ(effective->observation->fixed_code.code, "97509-4");
  EXPECT_EQ(parse_target("MedicationAdministration.medicationCodeableConcept")->profile,
            "mcode-cancer-related-medication-administration");
  EXPECT_FALSE(parse_target("Patient.name"));
  EXPECT_FALSE(parse_target("mcode-cancer-patient"));
}

}  // namespace
}  // namespace oncoshare::fhir
