#include <gtest/gtest.h>

#include "dictionary/choices.hpp"
#include "dictionary/ontology.hpp"
#include "dictionary/validation.hpp"

namespace oncoshare::dictionary {
namespace {

TEST(Choices, FirstCommaSplitsCodeFromLabel) {
  auto c = parse_choices("1, Yes, I'd like to learn more | 0, No, thanks|a,Letter");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(*c, (std::vector<Choice>{{"1", "Yes, I'd like to learn more", {}},
                                     {"0", "No, thanks", {}},
                                     {"a", "Letter", {}}}));
  EXPECT_EQ(format_choices(*c), "1, Yes, I'd like to learn more | 0, No, thanks | a, Letter");
  EXPECT_TRUE(parse_choices("").value().empty());
  EXPECT_TRUE(parse_choices("  ").value().empty());
  EXPECT_EQ(parse_choices("-99, Missing").value()[0].code, "-99");
  EXPECT_EQ(parse_choices("1, one | 2").error().message,
            "choice 2 '2' has no comma between code and label (expected 'code, label')");
}

TEST(Choices, SliderAndImplicit) {
  EXPECT_EQ(parse_slider_labels("Very sad | Indifferent | Very happy"),
            (std::vector<std::string>{"Very sad", "Indifferent", "Very happy"}));
  EXPECT_EQ(parse_slider_labels("-1|50|101"), (std::vector<std::string>{"-1", "50", "101"}));
  EXPECT_EQ(format_slider_labels({"-1", "50", "101"}), "-1 | 50 | 101");
  EXPECT_TRUE(parse_slider_labels("").empty());
  EXPECT_EQ(implicit_choices(FieldType::truefalse)[1], (Choice{"0", "False", {}}));
  EXPECT_TRUE(implicit_choices(FieldType::radio).empty());
}

TEST(Validation, Names) {
  EXPECT_EQ(parse_validation("", FieldType::text).kind, ValidationKind::none);
  EXPECT_EQ(parse_validation("time", FieldType::text).kind, ValidationKind::time_hh_mm);
  EXPECT_EQ(parse_validation("number", FieldType::slider).kind, ValidationKind::slider_number);
  EXPECT_EQ(parse_validation("number", FieldType::text).kind, ValidationKind::number);
  Validation dp = parse_validation("number_12dp_comma_decimal", FieldType::text);
  EXPECT_EQ(dp.kind, ValidationKind::number_comma_decimal);
  EXPECT_EQ(dp.decimals, 12);
  Validation custom = parse_validation("number_dp", FieldType::text);
  EXPECT_EQ(custom.kind, ValidationKind::other);
  EXPECT_EQ(custom.name, "number_dp");
  EXPECT_EQ(parse_validation("number_0dp", FieldType::text).kind, ValidationKind::other);
  EXPECT_EQ(parse_validation("Date_YMD", FieldType::text).kind, ValidationKind::other);
  EXPECT_EQ(validation_name(ValidationKind::time_hh_mm), "time");
}

TEST(Validation, Bounds) {
  Validation date = parse_validation("date_mdy", FieldType::text);
  EXPECT_FALSE(check_bound(date, "2024-02-29"));
  EXPECT_TRUE(check_bound(date, "2023-02-29"));
  EXPECT_TRUE(check_bound(date, "2023-13-01"));
  EXPECT_FALSE(check_bound(date, "12-31-2023"));  // the field's own M-D-Y
  EXPECT_TRUE(check_bound(date, "31-12-2023"));
  EXPECT_FALSE(check_bound(date, "today"));
  EXPECT_FALSE(check_bound(date, "[dob]"));
  Validation dt = parse_validation("datetime_seconds_ymd", FieldType::text);
  EXPECT_FALSE(check_bound(dt, "2023-12-31 11:45:55"));
  EXPECT_FALSE(check_bound(dt, "2023-12-31 11:45"));  // seconds may be left out
  EXPECT_TRUE(check_bound(dt, "2023-12-31 11:45:60"));
  Validation dtm = parse_validation("datetime_dmy", FieldType::text);
  EXPECT_FALSE(check_bound(dtm, "2023-12-31 11:45"));
  EXPECT_TRUE(check_bound(dtm, "2023-12-31 24:00"));
  Validation mmss = parse_validation("time_mm_ss", FieldType::text);
  EXPECT_FALSE(check_bound(mmss, "59:59"));
  EXPECT_TRUE(check_bound(mmss, "60:00"));
  Validation integer = parse_validation("integer", FieldType::text);
  EXPECT_FALSE(check_bound(integer, "-5"));
  EXPECT_TRUE(check_bound(integer, "today"));
  Validation comma = parse_validation("number_1dp_comma_decimal", FieldType::text);
  EXPECT_FALSE(check_bound(comma, "1,5"));
  EXPECT_FALSE(check_bound(comma, ".5"));
  EXPECT_TRUE(check_bound(parse_validation("number", FieldType::text), "1,5"));
  EXPECT_EQ(*check_bound(parse_validation("email", FieldType::text), "1"),
            "no bound (the validation type takes no min/max)");
  EXPECT_EQ(compare_bounds(parse_validation("number", FieldType::text), "9", "10"), -1);
  EXPECT_EQ(compare_bounds(comma, "2,5", "2.5"), 0);
  EXPECT_EQ(compare_bounds(date, "2024-01-02", "2024-01-01"), 1);
  EXPECT_FALSE(compare_bounds(date, "today", "2024-01-01").has_value());
}

TEST(Ontology, ShortNamesAndUris) {
  EXPECT_EQ(canonical_system("SNOMEDCT"), "http://snomed.info/sct");
  EXPECT_EQ(canonical_system("sct"), "http://snomed.info/sct");
  EXPECT_EQ(canonical_system("ICD-O-3"), "http://terminology.hl7.org/CodeSystem/icd-o-3");
  EXPECT_EQ(canonical_system("ICDO3"), "http://terminology.hl7.org/CodeSystem/icd-o-3");
  EXPECT_EQ(canonical_system("LOINC"), "http://loinc.org");
  EXPECT_EQ(canonical_system("NCIT"), "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl");
  EXPECT_EQ(canonical_system("RxNorm"), "http://www.nlm.nih.gov/research/umls/rxnorm");
  EXPECT_EQ(canonical_system("UCUM"), "http://unitsofmeasure.org");
  EXPECT_EQ(canonical_system("UICC-TNM"), "http://www.uicc.org/tnm");
  EXPECT_EQ(canonical_system("AJCC"), "http://cancerstaging.org");
  EXPECT_EQ(canonical_system("ICD10"), "http://hl7.org/fhir/sid/icd-10");
  EXPECT_EQ(canonical_system("https://example.org/cs"), "https://example.org/cs");
  EXPECT_FALSE(canonical_system("SNOMED").has_value());
  EXPECT_EQ(system_short_name("http://snomed.info/sct"), "SNOMEDCT");
  EXPECT_EQ(system_short_name("https://example.org/cs"), "https://example.org/cs");
}

}  // namespace
}  // namespace oncoshare::dictionary
