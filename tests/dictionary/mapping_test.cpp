#include "dictionary/mapping.hpp"

#include <gtest/gtest.h>

#include "dictionary/redcap_dictionary.hpp"
#include "dictionary/redcap_dictionary_writer.hpp"
#include "dictionary_test_support.hpp"

namespace oncoshare::dictionary {
namespace {

using testing::fixture;
using testing::ScratchDir;

Dictionary longitudinal() {
  auto d = read_redcap_dictionary(fixture("redcapr-longitudinal"));
  EXPECT_TRUE(d.has_value());
  return std::move(*d);
}

TEST(Mapping, FillsVariablesAndChoices) {
  ScratchDir dir;
  // Columns in a different order than the documented one, and URIs next to short names.
  std::string path = dir.write(
      "map.csv",
      "code,variable,system,display,choice,unit,fhir,omop,requirement,mandatory_if,max_length\n"
      "50373000,height,SNOMEDCT,Body height,,cm,Observation.valueQuantity,measurement,"
      "minimal,,\n"
      "248153007,sex,sct,Male,1,,,,,,\n"
      "248152002,sex,http://snomed.info/sct,Female,0,,,,,,\n"
      ",sex,,,,,mcode-cancer-patient,person.gender_concept_id,mandatory,,\n"
      "11778-8,num_children,LOINC,,,,,,mandatory,\"[sex] = '0'\",\n"
      ",first_name,,,,,,,recommended,,40\n"
      "LA33-6,given_birth,LOINC,Yes,1,,,,,,\n");
  Dictionary d = longitudinal();
  auto status = apply_mapping(d, path);
  ASSERT_TRUE(status.has_value()) << status.error().to_string();
  EXPECT_EQ(d.mapping_source(), path);
  const Mapping& h = d.find("height")->mapping;
  EXPECT_EQ(h.coding, (Coding{"http://snomed.info/sct", "50373000", "Body height"}));
  EXPECT_EQ(h.unit, "cm");
  EXPECT_EQ(h.fhir, "Observation.valueQuantity");
  EXPECT_EQ(h.omop, "measurement");
  EXPECT_EQ(h.requirement, Requirement::minimal);
  EXPECT_EQ(h.line, 2u);
  const Variable* sex = d.find("sex");
  EXPECT_EQ(sex->choices[1].coding, (Coding{"http://snomed.info/sct", "248153007", "Male"}));
  EXPECT_EQ(sex->choices[0].coding.code, "248152002");
  EXPECT_TRUE(sex->mapping.coding.empty());
  EXPECT_EQ(sex->mapping.requirement, Requirement::mandatory);
  EXPECT_EQ(sex->mapping.fhir, "mcode-cancer-patient");
  const Mapping& n = d.find("num_children")->mapping;
  EXPECT_EQ(n.coding.system, "http://loinc.org");
  EXPECT_EQ(n.mandatory_if, "[sex] = '0'");
  EXPECT_EQ(d.find("first_name")->mapping.max_length, 40u);
  EXPECT_EQ(d.find("first_name")->mapping.requirement, Requirement::recommended);
  EXPECT_EQ(d.find("given_birth")->choices[0].coding.code, "LA33-6");  // implicit yesno 1
  EXPECT_EQ(d.find("weight")->mapping, Mapping{});
  EXPECT_EQ(h.omop_concept_id, std::nullopt);  // no omop_concept_id column
}

TEST(Mapping, ReadsOmopConceptIdsOfVariablesAndChoices) {
  ScratchDir dir;
  std::string path = dir.write(
      "map.csv",
      "variable,choice,omop_concept_id,omop\n"
      "height,,3036277,measurement\n"
      "weight,,0,measurement\n"
      "sex,0,8532,\n"
      "sex,1,8507,\n"
      "sex,,,person.gender_concept_id\n"
      "dob,,9223372036854775807,\n");
  Dictionary d = longitudinal();
  auto status = apply_mapping(d, path);
  ASSERT_TRUE(status.has_value()) << status.error().to_string();
  EXPECT_EQ(d.find("height")->mapping.omop_concept_id, 3036277);
  EXPECT_EQ(d.find("weight")->mapping.omop_concept_id, 0);  // given: "no matching concept"
  const Variable* sex = d.find("sex");
  EXPECT_EQ(sex->choices[0].omop_concept_id, 8532);
  EXPECT_EQ(sex->choices[1].omop_concept_id, 8507);
  EXPECT_EQ(sex->mapping.omop_concept_id, std::nullopt);  // empty cell: no concept given
  EXPECT_TRUE(sex->choices[0].coding.empty());
  EXPECT_EQ(d.find("dob")->mapping.omop_concept_id, 9223372036854775807);
  EXPECT_EQ(d.find("num_children")->mapping.omop_concept_id, std::nullopt);  // no row
}

TEST(Mapping, WrittenMappingReadsBackTheSame) {
  ScratchDir dir;
  std::string path = dir.write(
      "map.csv",
      "variable,choice,system,code,display,unit,requirement,mandatory_if,max_length,fhir,"
      "omop_concept_id\n"
      "height,,UCUM,cm,\"Height, standing\",cm,mandatory,[sex] = '1',8,Observation,3036277\n"
      "sex,0,NCIT,C16576,Female,,,,,,8532\n"
      "sex,1,,,,,,,,,8507\n"
      "weight,,,,,,,,,,0\n"
      "dob,,ICD-O-3,8140/3,,,,,,,\n");
  Dictionary d = longitudinal();
  ASSERT_TRUE(apply_mapping(d, path).has_value());
  std::string written = format_mapping(d);
  // A choice with a concept id and no coding (sex 1) and a variable with only a concept id
  // (weight, 0: "no matching concept") are written too.
  EXPECT_EQ(written,
            "variable,choice,system,code,display,unit,fhir,omop,omop_concept_id,requirement,"
            "mandatory_if,max_length\n"
            "dob,,ICDO3,8140/3,,,,,,,,\n"
            "sex,0,NCIT,C16576,Female,,,,8532,,,\n"
            "sex,1,,,,,,,8507,,,\n"
            "height,,UCUM,cm,\"Height, standing\",cm,Observation,,3036277,mandatory,"
            "\"[sex] = '1'\",8\n"
            "weight,,,,,,,,0,,,\n");
  Dictionary again = longitudinal();
  ASSERT_TRUE(apply_mapping(again, dir.write("again.csv", written)).has_value());
  for (std::size_t i = 0; i < d.variables().size(); ++i) {
    Variable a = d.variables()[i], b = again.variables()[i];
    a.mapping.line = b.mapping.line = 0;  // rows moved
    EXPECT_EQ(a, b) << a.name;
  }
}

struct BadMapping {
  std::string rows;
  std::string message;  // after "<file>:"; {dd} stands for the dictionary path
};

// Names the case in test listings (otherwise gtest prints the struct's raw bytes).
void PrintTo(const BadMapping& c, std::ostream* out) { *out << c.message; }

class MappingErrors : public ::testing::TestWithParam<BadMapping> {};

TEST_P(MappingErrors, ExactMessageAndDictionaryUntouched) {
  ScratchDir dir;
  std::string path = dir.write("map.csv", GetParam().rows);
  Dictionary d = longitudinal();
  auto status = apply_mapping(d, path);
  ASSERT_FALSE(status.has_value());
  std::string message = GetParam().message;
  std::size_t at = message.find("{dd}");
  if (at != std::string::npos) message.replace(at, 4, fixture("redcapr-longitudinal"));
  EXPECT_EQ(status.error().to_string(), path + ":" + message);
  EXPECT_EQ(d.find("height")->mapping, Mapping{});  // all-or-nothing
  EXPECT_TRUE(d.mapping_source().empty());
}

constexpr const char* kHead = "variable,choice,system,code,display,requirement,mandatory_if,max_length,unit\n";
const std::string kOk = std::string(kHead) + "height,,LOINC,8302-2,,,,,cm\n";
// The concept id is read on variable and choice rows alike.
const std::string kConcept = "variable,choice,omop_concept_id\nheight,,3036277\n";

INSTANTIATE_TEST_SUITE_P(
    Errors, MappingErrors,
    ::testing::Values(
        BadMapping{kOk + "hieght,,,,,,,,\n",
                   "3: field 'variable': unknown variable 'hieght' (not in the dictionary {dd})"},
        BadMapping{kOk + "sex,7,SCT,1,,,,,\n",
                   "3: field 'choice': choice code '7' is not among the choices of 'sex' (0, 1)"},
        BadMapping{kOk + "weight,,,29463-7,,,,,\n",
                   "3: field 'code': code '29463-7' has no system (give one of SNOMEDCT, SCT, "
                   "LOINC, ICDO3, ICD-O-3, NCIT, RXNORM, UCUM, UICC-TNM, AJCC, ICD10, ICD-10, "
                   "ICD10CM or a URI)"},
        BadMapping{kOk + "weight,,SNOMED,27113001,,,,,\n",
                   "3: field 'system': unknown code system 'SNOMED' (use one of SNOMEDCT, SCT, "
                   "LOINC, ICDO3, ICD-O-3, NCIT, RXNORM, UCUM, UICC-TNM, AJCC, ICD10, ICD-10, "
                   "ICD10CM or a URI)"},
        BadMapping{kOk + "weight,,LOINC,,,,,,\n",
                   "3: field 'code': system 'LOINC' is given without a code"},
        BadMapping{kOk + "weight,,,,,required,,,\n",
                   "3: field 'requirement': unknown requirement 'required' (use minimal, "
                   "mandatory, recommended or leave empty)"},
        BadMapping{kOk + "weight,,,,,minimal,[sex] = '1',,\n",
                   "3: field 'mandatory_if': mandatory_if is allowed only with requirement "
                   "'mandatory' (requirement is 'minimal')"},
        BadMapping{kOk + "weight,,,,,mandatory,[sex] = = '1',,\n",
                   "3:9: field 'mandatory_if': mandatory_if '[sex] = = '1'' does not parse at "
                   "column 9: expected a value, found '='"},
        BadMapping{kOk + "weight,,,,,,,0,\n",
                   "3: field 'max_length': max_length '0' is not a positive integer"},
        BadMapping{kOk + "weight,,,,,,,12a,\n",
                   "3: field 'max_length': max_length '12a' is not a positive integer"},
        BadMapping{kOk + "weight,,,,,,,-4,\n",
                   "3: field 'max_length': max_length '-4' is not a positive integer"},
        BadMapping{kOk + "height,,,,,minimal,,,\n",
                   "3: field 'variable': duplicate row for variable 'height' (first on line 2)"},
        BadMapping{kOk + "sex,1,SCT,1,,,,,\nsex,1,SCT,2,,,,,\n",
                   "4: field 'choice': duplicate row for variable 'sex' choice '1' (first on "
                   "line 3)"},
        BadMapping{kOk + "sex,1,SCT,1,,,,,kg\n",
                   "3: field 'unit': 'unit' describes a variable and cannot be given on a "
                   "choice row (choice '1')"},
        BadMapping{kOk + ",,,,,,,,\n", "3: field 'variable': empty variable name"},
        BadMapping{kConcept + "weight,,-1\n",
                   "3:1: field 'omop_concept_id': omop_concept_id '-1' is not a non-negative "
                   "integer: column 1 is not a digit"},
        BadMapping{kConcept + "weight,,-0\n",
                   "3:1: field 'omop_concept_id': omop_concept_id '-0' is not a non-negative "
                   "integer: column 1 is not a digit"},
        BadMapping{kConcept + "sex,1,8507x\n",
                   "3:5: field 'omop_concept_id': omop_concept_id '8507x' is not a non-negative "
                   "integer: column 5 is not a digit"},
        BadMapping{kConcept + "weight,, 8532\n",
                   "3:1: field 'omop_concept_id': omop_concept_id ' 8532' is not a non-negative "
                   "integer: column 1 is not a digit"},
        BadMapping{kConcept + "weight,,3.5\n",
                   "3:2: field 'omop_concept_id': omop_concept_id '3.5' is not a non-negative "
                   "integer: column 2 is not a digit"},
        BadMapping{kConcept + "weight,,9223372036854775808\n",
                   "3: field 'omop_concept_id': omop_concept_id '9223372036854775808' is larger "
                   "than the largest concept id 9223372036854775807"},
        BadMapping{"name,code\nheight,1\n",
                   "1: field 'name': unknown column 'name' in the mapping header (expected: "
                   "variable, choice, system, code, display, unit, fhir, omop, omop_concept_id, "
                   "requirement, mandatory_if, max_length)"},
        BadMapping{"code,system\n1,LOINC\n",
                   "1: field 'variable': missing required column 'variable' in the mapping "
                   "header"},
        BadMapping{"variable,code,code\n",
                   "1: field 'code': column 'code' appears twice"},
        BadMapping{"", " empty file: expected a mapping header starting with 'variable'"}));

}  // namespace
}  // namespace oncoshare::dictionary
