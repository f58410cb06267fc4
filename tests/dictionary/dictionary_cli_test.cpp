// The `oncoshare dictionary` subcommands, run as a separate process.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <sys/wait.h>

#include "dictionary_test_support.hpp"

namespace oncoshare::dictionary {
namespace {

using testing::fixture;
using testing::kHeader;
using testing::ScratchDir;

struct CliRun {
  int code = -1;
  std::string out;
};

// Runs the CLI with `args`, capturing stdout (stderr goes to `err` if given).
CliRun run(const std::string& args, const std::string& err = "/dev/null") {
  std::string command = std::string(ONCOSHARE_BINARY) + " " + args + " 2>" + err;
  CliRun r;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return r;
  char buffer[4096];
  std::size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, got);
  int status = ::pclose(pipe);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

TEST(DictionaryCli, CheckCleanFixtureExitsZero) {
  const std::string dd = fixture("redcapr-clinical-trial-1");
  CliRun r = run("dictionary check --dictionary " + dd);
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, dd + ": 0 errors, 0 warnings (12 variables, 1 forms)\n");
}

TEST(DictionaryCli, WarningsAloneExitZero) {
  const std::string dd = fixture("redcapr-longitudinal");
  CliRun r = run("dictionary check --dictionary " + dd);
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, dd + ":78: field 'creat_4': warning: the label 'Creatinine (mg/dL)' names a "
                        "unit (mg/dL) but the validation is date_ymd: a measurement stored as a "
                        "date?\n" +
                       dd + ": 0 errors, 1 warning (95 variables, 9 forms)\n");
}

TEST(DictionaryCli, ErrorsExitOneAndJson) {
  ScratchDir dir;
  std::string dd = dir.write("dd.csv", kHeader +
                                           "record_id,f,,text,ID,,,,,,,,,,,,,\n"
                                           "x,f,,text,X,,,integer,9,1,,[y] = 1,,,,,,\n");
  CliRun text = run("dictionary check --dictionary " + dd);
  EXPECT_EQ(text.code, 1);
  EXPECT_EQ(text.out, dd + ":3: field 'x': error: branching logic at column 1 refers to unknown "
                           "variable 'y'\n" +
                          dd + ":3: field 'x': error: min '9' is greater than max '1'\n" + dd +
                          ": 2 errors, 0 warnings (2 variables, 1 forms)\n");
  CliRun json = run("dictionary check --format json --dictionary " + dd);
  EXPECT_EQ(json.code, 1);
  auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["errors"], 2);
  EXPECT_EQ(j["warnings"], 0);
  EXPECT_EQ(j["variables"], 2);
  ASSERT_EQ(j["problems"].size(), 2u);
  EXPECT_EQ(j["problems"][0]["severity"], "error");
  EXPECT_EQ(j["problems"][0]["line"], 3);
  EXPECT_EQ(j["problems"][0]["column"], 1);
  EXPECT_EQ(j["problems"][0]["field"], "x");
}

TEST(DictionaryCli, UnreadableInputExitsTwo) {
  ScratchDir dir;
  std::string bad = dir.write("bad.csv", kHeader + "x,f,,texte,X,,,,,,,,,,,,,\n");
  std::string err = dir.path("err.txt");
  CliRun r = run("dictionary check --dictionary " + bad, err);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(testing::read_all(err),
            "oncoshare: error: " + bad +
                ":2: field 'x': unknown field type 'texte' (allowed: text, notes, dropdown, "
                "radio, checkbox, yesno, truefalse, calc, file, slider, descriptive, sql)\n");
  std::string map = dir.write("map.csv", "variable,system\nnope,LOINC\n");
  EXPECT_EQ(run("dictionary check --dictionary " + fixture("redcapr-checkboxes-1") +
                " --mapping " + map).code,
            2);
  EXPECT_EQ(run("dictionary check --dictionary " + dir.path("missing.csv")).code, 2);
  EXPECT_EQ(run("dictionary check").code, 2);
  EXPECT_EQ(run("dictionary check --format xml --dictionary " + bad).code, 2);
}

TEST(DictionaryCli, ShowTableAndJson) {
  ScratchDir dir;
  std::string map = dir.write("map.csv",
                              "variable,choice,system,code,requirement,omop_concept_id\n"
                              "check_one,,,,mandatory,4059\n"
                              "check_one,2,,,,8532\n"
                              "check_two,a,SCT,123,,0\n"
                              "check_two,b,,,,77\n");
  const std::string dd = fixture("redcapr-checkboxes-1");
  CliRun r = run("dictionary show --dictionary " + dd + " --mapping " + map);
  EXPECT_EQ(r.code, 0);
  // The last column: the variable's own concept, then "choice=concept" for each choice.
  EXPECT_EQ(r.out,
            "name            form    type      validation  choices  requirement  omop_concept_id\n"
            "record_id       form_1  text                  0        optional\n"
            "check_one       form_2  checkbox              4        mandatory    4059; 2=8532\n"
            "check_two       form_2  checkbox              5        optional     a=0 b=77\n"
            "desired_result  form_2  notes                 0        optional\n");
  CliRun j = run("dictionary show --format json --dictionary " + dd + " --mapping " + map);
  EXPECT_EQ(j.code, 0);
  auto json = nlohmann::json::parse(j.out);
  ASSERT_EQ(json["variables"].size(), 4u);
  EXPECT_EQ(json["variables"][2]["choices"][0]["coding"]["system"], "http://snomed.info/sct");
  EXPECT_EQ(json["variables"][1]["requirement"], "mandatory");
  EXPECT_EQ(json["variables"][1]["omop_concept_id"], 4059);
  EXPECT_TRUE(json["variables"][0]["omop_concept_id"].is_null());
  EXPECT_EQ(json["variables"][2]["choices"][0]["omop_concept_id"], 0);
  EXPECT_EQ(json["variables"][2]["choices"][1]["omop_concept_id"], 77);
  EXPECT_TRUE(json["variables"][2]["choices"][2]["omop_concept_id"].is_null());
}

// `dictionary check --mapping` refuses a target exactly as `fhir` does, and goes on to
// report every other faulty target.
TEST(DictionaryCli, BadMappingTargetFailsCheckWithTheFhirMessage) {
  ScratchDir dir;
  std::string dd = dir.write("dd.csv", kHeader +
                                           "record_id,f,,text,ID,,,,,,,,,,,,,\n"
                                           "sex,f,,radio,Sex,\"1, Male | 2, Female\",,,,,,,,,,,,\n"
                                           "dob,f,,text,Born,,,date_ymd,,,,,,,,,,\n");
  std::string map = dir.write("map.csv",
                              "variable,fhir\n"
                              "sex,Patient.sex\n"
                              "dob,Patient.birthDate\n"
                              "record_id,Patient.birthDate\n");
  CliRun check = run("dictionary check --dictionary " + dd + " --mapping " + map);
  EXPECT_EQ(check.code, 1);
  std::string fhir_err = dir.path("fhir.txt");
  CliRun fhir = run("fhir --dictionary " + dd + " --mapping " + map + " --data " +
                        dir.path("export.csv") + " --key-file " + dir.path("site.key") +
                        " --out " + dir.path("out"),
                    fhir_err);
  EXPECT_EQ(fhir.code, 2);
  const std::string fhir_message = testing::read_all(fhir_err);
  const std::string prefix = "oncoshare: error: " + map + ":2: field 'fhir': ";
  ASSERT_EQ(fhir_message.rfind(prefix, 0), 0u) << fhir_message;
  const std::string reason = fhir_message.substr(prefix.size());  // "variable 'sex': ...\n"
  EXPECT_EQ(reason.rfind("variable 'sex': unknown FHIR target 'Patient.sex'", 0), 0u) << reason;
  // Dictionary order: record_id (line 4 of the mapping) claims the birth date first.
  EXPECT_EQ(check.out, map + ":2: field 'fhir': error: " + reason +
                           map + ":3: field 'fhir': error: variable 'dob': "
                                 "'Patient.birthDate' is already mapped by 'record_id' (line 4)\n" +
                           dd + ": 2 errors, 0 warnings (3 variables, 1 forms)\n");
  EXPECT_FALSE(std::filesystem::exists(dir.path("out")));
}

// An `omop` target naming no CDM 5.4 table or field is an error at its mapping line, as
// `oncoshare omop` refuses it.
TEST(DictionaryCli, UnknownOmopTargetsAreErrorsAtTheirMappingLine) {
  ScratchDir dir;
  std::string dd = dir.write("dd.csv", kHeader +
                                           "record_id,f,,text,ID,,,,,,,,,,,,,\n"
                                           "height,f,,text,Height,,,number,,,,,,,,,,\n"
                                           "dob,f,,text,Born,,,date_ymd,,,,,,,,,,\n");
  std::string map = dir.write("map.csv",
                              "variable,omop\n"
                              "record_id,person.person_source_value\n"
                              "height,measurment\n"
                              "dob,person.birth_date\n");
  CliRun check = run("dictionary check --dictionary " + dd + " --mapping " + map);
  EXPECT_EQ(check.code, 1);
  EXPECT_EQ(check.out, map + ":3: field 'omop': error: variable 'height': unknown OMOP CDM 5.4 table 'measurment' "
                             "(targets are table or table.field, e.g. measurement or person.year_of_birth)\n" +
                           map + ":4: field 'omop': error: variable 'dob': table 'person' of the OMOP CDM 5.4 has no "
                                 "field 'birth_date'\n" +
                           dd + ": 2 errors, 0 warnings (3 variables, 1 forms)\n");
}

// The synthetic cohort's own dictionary and mapping pass the combined check.
TEST(DictionaryCli, SynthCohortDictionaryAndMappingPass) {
  ScratchDir dir;
  ASSERT_EQ(run("synth --patients 20 --seed 1 --out " + dir.path("cohort")).code, 0);
  const std::string dd = dir.path("cohort") + "/dictionary.csv";
  const std::string map = dir.path("cohort") + "/mapping.csv";
  CliRun r = run("dictionary check --dictionary " + dd + " --mapping " + map);
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find(dd + ": 0 errors"), std::string::npos) << r.out;
  // The confirmed OMOP concept ids are written to the mapping and read back from it.
  const std::string mapping = testing::read_all(map);
  EXPECT_EQ(mapping.substr(0, mapping.find('\n')),
            "variable,choice,system,code,display,unit,fhir,omop,omop_concept_id,requirement,"
            "mandatory_if,max_length");
  EXPECT_NE(mapping.find("\nsex,1,SNOMEDCT,248153007,Male,,,,8507,,,\n"), std::string::npos);
  EXPECT_NE(mapping.find("\nheight,,LOINC,8302-2,\"Body height\",cm,Observation,measurement,"
                         "3036277,recommended,,\n"),
            std::string::npos)
      << mapping;
  CliRun show = run("dictionary show --format json --dictionary " + dd + " --mapping " + map);
  ASSERT_EQ(show.code, 0);
  std::map<std::string, nlohmann::json> variables;
  const nlohmann::json shown = nlohmann::json::parse(show.out);
  for (const auto& v : shown["variables"]) {
    variables[v["name"].get<std::string>()] = v;
  }
  EXPECT_EQ(variables["sex"]["choices"][1]["omop_concept_id"], 8532);
  EXPECT_EQ(variables["drug"]["choices"][0]["omop_concept_id"], 1436678);
  EXPECT_TRUE(variables["drug"]["choices"][1]["omop_concept_id"].is_null());  // letrozole
  EXPECT_EQ(variables["bmi"]["omop_concept_id"], 3038553);
}

TEST(DictionaryCli, EverySubcommandHasHelp) {
  for (const char* sub : {"dictionary", "dictionary check", "dictionary show"}) {
    CliRun r = run(std::string(sub) + " --help");
    EXPECT_EQ(r.code, 0) << sub;
    EXPECT_NE(r.out.find("Usage: oncoshare " + std::string(sub)), std::string::npos) << r.out;
  }
}

}  // namespace
}  // namespace oncoshare::dictionary
