// Every FHIR target word of the mapping vocabulary (docs/fhir.md) on a small hand-written
// dictionary + mapping: MedicationRequest, Specimen, DiagnosticReport, the secondary cancer
// condition and the rest that the synthetic cohort does not map. Both formats are validated
// by the npm oracle and the mCODE elements are asserted per resource kind.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "fhir/fhir_test_support.hpp"

namespace oncoshare::fhir {
namespace {

using test::CliRun;
using test::oncoshare;

const std::string kMcode = "http://hl7.org/fhir/us/mcode/StructureDefinition/";
const std::string kSnomed = "http://snomed.info/sct";

// name, type, label, choices, validation, identifier: one REDCap dictionary row of form `onc`.
std::string dict_row(const std::string& name, const std::string& type, const std::string& choices = "",
                     const std::string& validation = "", const std::string& identifier = "") {
  return name + ",onc,," + type + ",\"" + name + " label\",\"" + choices + "\",," + validation + ",,," + identifier +
         ",,,,,,,\n";
}

const std::string kDictionary =
    "\"Variable / Field Name\",\"Form Name\",\"Section Header\",\"Field Type\",\"Field Label\","
    "\"Choices, Calculations, OR Slider Labels\",\"Field Note\",\"Text Validation Type OR Show Slider Number\","
    "\"Text Validation Min\",\"Text Validation Max\",Identifier?,\"Branching Logic (Show field only if...)\","
    "\"Required Field?\",\"Custom Alignment\",\"Question Number (surveys only)\",\"Matrix Group Name\","
    "\"Matrix Ranking?\",\"Field Annotation\"\n" +
    dict_row("record_id", "text") + dict_row("sex", "radio", "1, Male | 2, Female") +
    dict_row("dob", "text", "", "date_ymd", "y") + dict_row("vital", "radio", "1, Alive | 2, Dead") +
    dict_row("death_date", "text", "", "date_ymd") + dict_row("zip", "text", "", "", "y") +
    dict_row("dx", "radio", "1, Breast cancer") + dict_row("dx_date", "text", "", "date_ymd") +
    dict_row("site", "dropdown", "C50_9, Breast NOS") + dict_row("lat", "radio", "1, Left | 2, Right") +
    dict_row("morph", "dropdown", "8500_3, Duct carcinoma") + dict_row("confirmed", "yesno") +
    dict_row("metsite", "dropdown", "1, Bone | 2, Liver") + dict_row("ct", "radio", "1, T1 | 2, T2") +
    dict_row("cn", "radio", "0, N0 | 1, N1") + dict_row("cm", "radio", "0, M0 | 1, M1") +
    dict_row("stage", "radio", "1, I | 4, IV") + dict_row("stage_date", "text", "", "date_ymd") +
    dict_row("her2", "radio", "0, Negative | 1, Positive") + dict_row("cea", "text", "", "number") +
    dict_row("grade", "radio", "1, G1 | 2, G2") + dict_row("ecog", "radio", "0, Fully active | 1, Restricted") +
    dict_row("comorb", "checkbox", "1, Diabetes | 2, Hypertension") + dict_row("tsize", "text", "", "number") +
    dict_row("dstatus", "radio", "1, No evidence | 2, Worse") + dict_row("weight", "text", "", "number") +
    dict_row("surg", "radio", "1, Surgery") + dict_row("rt", "radio", "1, Radiotherapy") +
    dict_row("tx_start", "text", "", "date_ymd") + dict_row("tx_end", "text", "", "date_ymd") +
    dict_row("intent", "radio", "1, Curative | 2, Palliative") + dict_row("chemo", "dropdown", "1, Doxorubicin") +
    dict_row("rx", "dropdown", "1, Tamoxifen") + dict_row("specimen", "dropdown", "1, Tissue") +
    dict_row("path", "dropdown", "1, Invasive carcinoma") + dict_row("imaging", "notes");

const std::string kMapping =
    "variable,choice,system,code,display,unit,fhir,requirement\n"
    "record_id,,,,,,Patient.identifier,minimal\n"
    "sex,,,,,,Patient.gender,minimal\n"
    "sex,1,SNOMEDCT,248153007,Male,,,\n"
    "sex,2,SNOMEDCT,248152002,Female,,,\n"
    "dob,,,,,,Patient.birthDate,minimal\n"
    "vital,,,,,,Patient.deceased,recommended\n"
    "vital,1,SNOMEDCT,438949009,Alive,,,\n"
    "vital,2,SNOMEDCT,419099009,Dead,,,\n"
    "death_date,,,,,,Patient.deceasedDateTime,\n"
    "zip,,,,,,Patient.address.postalCode,\n"
    "dx,,,,,,mcode-primary-cancer-condition,minimal\n"
    "dx,1,SNOMEDCT,254837009,Breast cancer,,,\n"
    "dx_date,,,,,,Condition.onsetDateTime,minimal\n"
    "site,,,,,,Condition.bodySite,\n"
    "site,C50_9,ICDO3,C50.9,Breast NOS,,,\n"
    "lat,,,,,,Condition.bodySite.extension:lateralityQualifier,\n"
    "lat,1,SNOMEDCT,7771000,Left,,,\n"
    "lat,2,SNOMEDCT,24028007,Right,,,\n"
    "morph,,,,,,mcode-histology-morphology-behavior,\n"
    "morph,8500_3,ICDO3,8500/3,Duct carcinoma,,,\n"
    "confirmed,,,,,,Condition.verificationStatus,\n"
    "metsite,,,,,,mcode-secondary-cancer-condition,mandatory\n"
    "metsite,1,SNOMEDCT,94222008,Secondary malignant neoplasm of bone,,,\n"
    "metsite,2,SNOMEDCT,94381002,Secondary malignant neoplasm of liver,,,\n"
    "ct,,SNOMEDCT,399504009,cT category,,mcode-tnm-primary-tumor-category,minimal\n"
    "ct,1,UICC-TNM,T1,T1,,,\n"
    "ct,2,UICC-TNM,T2,T2,,,\n"
    "cn,,SNOMEDCT,399534004,cN category,,mcode-tnm-regional-nodes-category,\n"
    "cn,0,UICC-TNM,N0,N0,,,\n"
    "cn,1,UICC-TNM,N1,N1,,,\n"
    "cm,,SNOMEDCT,399387003,cM category,,mcode-tnm-distant-metastases-category,\n"
    "cm,0,UICC-TNM,M0,M0,,,\n"
    "cm,1,UICC-TNM,M1,M1,,,\n"
    "stage,,SNOMEDCT,399537006,Clinical TNM stage grouping,,mcode-tnm-stage-group,mandatory\n"
    "stage,1,UICC-TNM,I,Stage I,,,\n"
    "stage,4,UICC-TNM,IV,Stage IV,,,\n"
    "stage_date,,,,,,mcode-tnm-stage-group.effectiveDateTime,\n"
    "her2,,LOINC,48676-1,HER2,,mcode-tumor-marker-test,\n"
    "her2,0,SNOMEDCT,260385009,Negative,,,\n"
    "her2,1,SNOMEDCT,10828004,Positive,,,\n"
    "cea,,LOINC,2039-6,CEA,ng/mL,mcode-tumor-marker-test,recommended\n"
    "grade,,,,,,mcode-histologic-grade,\n"
    "grade,1,SNOMEDCT,369790002,G1,,,\n"
    "grade,2,SNOMEDCT,369791003,G2,,,\n"
    "ecog,,,,,,mcode-ecog-performance-status,\n"
    "ecog,0,LOINC,LA9622-7,Fully active,,,\n"
    "ecog,1,LOINC,LA9623-5,Restricted,,,\n"
    "comorb,,,,,,mcode-comorbidities,\n"
    "comorb,1,SNOMEDCT,73211009,Diabetes,,,\n"
    "comorb,2,SNOMEDCT,38341003,Hypertension,,,\n"
    "tsize,,,,,mm,mcode-tumor-size,\n"
    "dstatus,,,,,,mcode-cancer-disease-status,\n"
    "dstatus,1,SNOMEDCT,260415000,Not detected,,,\n"
    "dstatus,2,SNOMEDCT,271299001,Worse,,,\n"
    "weight,,LOINC,29463-7,Body weight,kg,Observation.valueQuantity,\n"
    "surg,,,,,,mcode-cancer-related-surgical-procedure,\n"
    "surg,1,SNOMEDCT,387713003,Surgical procedure,,,\n"
    "rt,,,,,,Procedure,\n"
    "rt,1,SNOMEDCT,108290001,Radiation oncology,,,\n"
    "tx_start,,,,,,Procedure.performedPeriod.start,\n"
    "tx_end,,,,,,Procedure.performedPeriod.end,\n"
    "intent,,,,,,Procedure.extension:treatmentIntent,\n"
    "intent,1,SNOMEDCT,373808002,Curative,,,\n"
    "intent,2,SNOMEDCT,363676003,Palliative,,,\n"
    "chemo,,,,,,MedicationAdministration.medicationCodeableConcept,\n"
    "chemo,1,RXNORM,3639,Doxorubicin,,,\n"
    "rx,,,,,,MedicationRequest.medicationCodeableConcept,mandatory\n"
    "rx,1,RXNORM,10324,Tamoxifen,,,\n"
    "specimen,,,,,,Specimen.type,minimal\n"
    "specimen,1,SNOMEDCT,119376003,Tissue specimen,,,\n"
    "path,,LOINC,22637-3,Pathology report final diagnosis,,DiagnosticReport.conclusionCode,mandatory\n"
    "path,1,SNOMEDCT,1187332001,Invasive carcinoma,,,\n"
    "imaging,,LOINC,18748-4,Diagnostic imaging study,,DiagnosticReport,recommended\n";

// 101 has every value; 102 only its id (every minimal/mandatory field blank); 103 a mix.
const std::string kExport =
    "record_id,sex,dob,vital,death_date,zip,dx,dx_date,site,lat,morph,confirmed,metsite,ct,cn,cm,stage,"
    "stage_date,her2,cea,grade,ecog,comorb___1,comorb___2,tsize,dstatus,weight,surg,rt,tx_start,tx_end,intent,"
    "chemo,rx,specimen,path,imaging,onc_complete\n"
    "101,2,1960-05-01,2,2021-03-04,12345,1,2019-01-10,C50_9,1,8500_3,1,1,2,1,0,4,2019-01-20,1,4.5,2,1,1,0,23,2,"
    "61.5,1,1,2019-02-01,2019-03-01,1,1,1,1,1,\"Mass in left breast, 23 mm\",2\n"
    "102,,,,,,,,,,,,,,,,,,,,,,0,0,,,,,,,,,,,,,,0\n"
    "103,1,1955-11-30,1,,,1,2020-06-15,,2,,0,2,1,0,0,1,,0,,1,0,0,1,,1,,,1,2020-07-01,,2,,1,,1,,2\n";

struct Converted {
  std::string dir;
  nlohmann::json summary;
};

const std::string& work() {
  static const std::string dir = [] {
    const std::string d = ::testing::TempDir() + "/fhir_kinds_" + std::to_string(::getpid());
    std::filesystem::remove_all(d);
    std::filesystem::create_directories(d);
    test::write(d + "/dictionary.csv", kDictionary);
    test::write(d + "/mapping.csv", kMapping);
    test::write(d + "/export.csv", kExport);
    const CliRun key = oncoshare("keygen --out " + d + "/site.key");
    EXPECT_EQ(key.exit_code, 0) << key.err;
    return d;
  }();
  return dir;
}

const Converted& converted(const std::string& format) {
  static std::map<std::string, Converted> done;
  auto it = done.find(format);
  if (it == done.end()) {
    const std::string& d = work();
    const std::string out = d + "/out_" + format;
    const CliRun r = oncoshare("fhir --dictionary " + d + "/dictionary.csv --mapping " + d + "/mapping.csv --data " + d +
                               "/export.csv --key-file " + d + "/site.key --out " + out + " --format " + format);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    it = done.emplace(format, Converted{out, r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json{}})
             .first;
  }
  return it->second;
}

std::string profile_of(const nlohmann::json& r) {
  if (!r.contains("meta")) return "";
  const std::string url = r["meta"]["profile"][0];
  return url.rfind(kMcode, 0) == 0 ? url.substr(kMcode.size()) : url;
}

// Resources of one patient (by Patient reference id), keyed "<type>/<profile>" in a multimap.
using ByKind = std::multimap<std::string, nlohmann::json>;

std::string kind_of(const nlohmann::json& r) { return r["resourceType"].get<std::string>() + "/" + profile_of(r); }

// The patient id a resource belongs to ("Patient/<id>" or "urn:uuid:<id>" reference).
std::string owner(const nlohmann::json& r) {
  if (r["resourceType"] == "Patient") return r["id"];
  const std::string ref = r["subject"]["reference"];
  return ref.substr(ref.find_first_of(":/") == 3 ? 9 : 8);
}

// Patients in input order: identified by what they hold (101 died, 103 is male, 102 neither).
std::map<std::string, ByKind> by_patient(const std::string& format) {
  std::map<std::string, ByKind> ids;
  for (const auto& r : test::resources(converted(format).dir)) ids[owner(r)].emplace(kind_of(r), r);
  std::map<std::string, ByKind> named;
  for (auto& [id, kinds] : ids) {
    const nlohmann::json& p = kinds.find("Patient/mcode-cancer-patient")->second;
    const std::string name = p.contains("deceasedDateTime") ? "101" : p.contains("gender") ? "103" : "102";
    named[name] = std::move(kinds);
  }
  return named;
}

const nlohmann::json& one(const ByKind& kinds, const std::string& kind) {
  EXPECT_EQ(kinds.count(kind), 1u) << kind;
  static const nlohmann::json none = nlohmann::json::object();
  auto it = kinds.find(kind);
  return it == kinds.end() ? none : it->second;
}

std::string absent_reason(const nlohmann::json& element) {
  const nlohmann::json& ext = element.contains("extension") ? element["extension"] : element;
  for (const auto& e : ext) {
    if (e.is_object() && e.value("url", "") == "http://hl7.org/fhir/StructureDefinition/data-absent-reason") {
      return e["valueCode"];
    }
  }
  return "";
}

void expect_coding(const nlohmann::json& cc, const std::string& system, const std::string& code) {
  ASSERT_TRUE(cc.contains("coding")) << cc.dump();
  EXPECT_EQ(cc["coding"][0]["system"], system) << cc.dump();
  EXPECT_EQ(cc["coding"][0]["code"], code) << cc.dump();
}

const std::map<std::string, int> kExpectedByType = {
    {"Patient", 3},           {"Condition", 6},          {"Observation", 24},      {"Procedure", 3},
    {"MedicationRequest", 3}, {"MedicationAdministration", 1}, {"Specimen", 3}, {"DiagnosticReport", 4},
};

void expect_valid(const std::string& format) {
  const Converted& c = converted(format);
  const nlohmann::json verdict = test::validate(c.dir);
  EXPECT_EQ(verdict["errors"], nlohmann::json::array()) << verdict.dump(2);
  const auto all = test::resources(c.dir);
  EXPECT_EQ(verdict["resources"], all.size());
  std::map<std::string, int> by_type;
  for (const auto& r : all) ++by_type[r["resourceType"]];
  EXPECT_EQ(by_type, kExpectedByType);
  EXPECT_EQ(c.summary["by_type"], nlohmann::json(kExpectedByType));
  EXPECT_EQ(c.summary["patients"], 3);
  EXPECT_EQ(c.summary["warnings"], 0);
  EXPECT_EQ(c.summary["identifier_values_withheld"], 3);  // 101's dob and zip, 103's dob
}

TEST(FhirResourceKinds, BundlesPassBothValidatorsWithExactCounts) {
  expect_valid("bundles");
  EXPECT_EQ(test::validate(converted("bundles").dir)["bundles"], 3);
}

TEST(FhirResourceKinds, NdjsonPassesBothValidatorsWithExactCounts) {
  expect_valid("ndjson");
  std::set<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(converted("ndjson").dir)) {
    files.insert(e.path().filename().string());
  }
  EXPECT_EQ(files, (std::set<std::string>{".oncoshare-output", "Condition.ndjson", "DiagnosticReport.ndjson",
                                          "MedicationAdministration.ndjson", "MedicationRequest.ndjson",
                                          "Observation.ndjson", "Patient.ndjson", "Procedure.ndjson",
                                          "Specimen.ndjson"}));
}

TEST(FhirResourceKinds, EveryReferenceResolvesInsideItsBundle) {
  int references = 0;
  for (const auto& e : std::filesystem::directory_iterator(converted("bundles").dir)) {
    if (e.path().filename() == ".oncoshare-output") continue;  // the output marker, not a bundle
    const nlohmann::json bundle = nlohmann::json::parse(test::slurp(e.path().string()));
    std::set<std::string> full_urls;
    for (const auto& entry : bundle["entry"]) full_urls.insert(entry["fullUrl"]);
    const std::string text = bundle.dump();
    for (std::size_t at = text.find("\"reference\":\""); at != std::string::npos;
         at = text.find("\"reference\":\"", at + 1)) {
      const std::size_t start = at + 13;
      const std::string target = text.substr(start, text.find('"', start) - start);
      EXPECT_TRUE(full_urls.count(target)) << target << " in " << e.path();
      ++references;
    }
  }
  EXPECT_GT(references, 40);
}

TEST(FhirResourceKinds, NdjsonReferencesNameTypeAndId) {
  std::set<std::string> ids;
  const auto all = test::resources(converted("ndjson").dir);
  for (const auto& r : all) ids.insert(r["resourceType"].get<std::string>() + "/" + r["id"].get<std::string>());
  for (const auto& r : all) {
    const std::string text = r.dump();
    for (std::size_t at = text.find("\"reference\":\""); at != std::string::npos;
         at = text.find("\"reference\":\"", at + 1)) {
      const std::size_t start = at + 13;
      EXPECT_TRUE(ids.count(text.substr(start, text.find('"', start) - start))) << text;
    }
  }
}

TEST(FhirResourceKinds, FullPatientCarriesEveryMcodeElement) {
  const auto patients = by_patient("bundles");
  ASSERT_EQ(patients.size(), 3u);
  const ByKind& p = patients.at("101");
  const nlohmann::json& patient = one(p, "Patient/mcode-cancer-patient");
  EXPECT_EQ(patient["gender"], "female");
  EXPECT_EQ(patient["deceasedDateTime"], "2021-03-04");
  EXPECT_EQ(absent_reason(patient["_birthDate"]), "masked");  // dob is an identifier
  EXPECT_FALSE(patient.contains("address"));
  const std::string patient_url = "urn:uuid:" + patient["id"].get<std::string>();

  const nlohmann::json& primary = one(p, "Condition/mcode-primary-cancer-condition");
  const std::string primary_url = "urn:uuid:" + primary["id"].get<std::string>();
  expect_coding(primary["code"], kSnomed, "254837009");
  expect_coding(primary["bodySite"][0], "http://terminology.hl7.org/CodeSystem/icd-o-3", "C50.9");
  EXPECT_EQ(primary["onsetDateTime"], "2019-01-10");
  expect_coding(primary["verificationStatus"], "http://terminology.hl7.org/CodeSystem/condition-ver-status",
                "confirmed");
  EXPECT_EQ(primary["subject"]["reference"], patient_url);
  EXPECT_NE(primary.dump().find(kMcode + "mcode-histology-morphology-behavior"), std::string::npos);
  EXPECT_NE(primary.dump().find("\"8500/3\""), std::string::npos);
  EXPECT_NE(primary.dump().find(kMcode + "mcode-laterality-qualifier"), std::string::npos);

  const nlohmann::json& secondary = one(p, "Condition/mcode-secondary-cancer-condition");
  expect_coding(secondary["code"], kSnomed, "94222008");
  EXPECT_EQ(secondary["extension"][0]["url"], kMcode + "mcode-related-primary-cancer-condition");
  EXPECT_EQ(secondary["extension"][0]["valueReference"]["reference"], primary_url);
  EXPECT_EQ(secondary["subject"]["reference"], patient_url);

  std::set<std::string> tnm_ids;
  for (const std::string k : {"mcode-tnm-primary-tumor-category", "mcode-tnm-regional-nodes-category",
                              "mcode-tnm-distant-metastases-category"}) {
    const nlohmann::json& o = one(p, "Observation/" + k);
    EXPECT_EQ(o["focus"][0]["reference"], primary_url);
    EXPECT_EQ(absent_reason(o["method"]), "unknown");
    EXPECT_EQ(o["valueCodeableConcept"]["coding"][0]["system"], "http://www.uicc.org/tnm");
    tnm_ids.insert("urn:uuid:" + o["id"].get<std::string>());
  }
  EXPECT_EQ(one(p, "Observation/mcode-tnm-primary-tumor-category")["valueCodeableConcept"]["coding"][0]["code"], "T2");
  const nlohmann::json& stage = one(p, "Observation/mcode-tnm-stage-group");
  expect_coding(stage["code"], kSnomed, "399537006");
  EXPECT_EQ(stage["valueCodeableConcept"]["coding"][0]["code"], "IV");
  EXPECT_EQ(stage["effectiveDateTime"], "2019-01-20");
  std::set<std::string> members;
  for (const auto& m : stage["hasMember"]) members.insert(m["reference"]);
  EXPECT_EQ(members, tnm_ids);
  EXPECT_EQ(primary["stage"][0]["assessment"][0]["reference"], "urn:uuid:" + stage["id"].get<std::string>());

  int markers = 0;
  for (auto [it, end] = p.equal_range("Observation/mcode-tumor-marker-test"); it != end; ++it, ++markers) {
    const nlohmann::json& o = it->second;
    EXPECT_EQ(o["category"][0]["coding"][0]["code"], "laboratory");
    if (o["code"]["coding"][0]["code"] == "2039-6") {
      EXPECT_EQ(o["valueQuantity"], (nlohmann::json{{"value", 4.5},
                                                    {"unit", "ng/mL"},
                                                    {"system", "http://unitsofmeasure.org"},
                                                    {"code", "ng/mL"}}));
    } else {
      expect_coding(o["code"], "http://loinc.org", "48676-1");
      expect_coding(o["valueCodeableConcept"], kSnomed, "10828004");
    }
  }
  EXPECT_EQ(markers, 2);
  const nlohmann::json& grade = one(p, "Observation/mcode-histologic-grade");
  expect_coding(grade["code"], "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl", "C18000");
  expect_coding(grade["valueCodeableConcept"], kSnomed, "369791003");
  const nlohmann::json& ecog = one(p, "Observation/mcode-ecog-performance-status");
  EXPECT_EQ(ecog["valueInteger"], 1);
  expect_coding(ecog["interpretation"][0], "http://loinc.org", "LA9623-5");
  const nlohmann::json& comorb = one(p, "Observation/mcode-comorbidities");
  ASSERT_EQ(comorb["extension"].size(), 2u);
  EXPECT_EQ(comorb["extension"][0]["url"], kMcode + "mcode-comorbid-condition-present");
  expect_coding(comorb["extension"][0]["valueCodeableConcept"], kSnomed, "73211009");
  EXPECT_EQ(comorb["extension"][1]["url"], kMcode + "mcode-comorbid-condition-absent");
  const nlohmann::json& size = one(p, "Observation/mcode-tumor-size");
  expect_coding(size["code"], "http://loinc.org", "21889-1");
  EXPECT_EQ(size["component"][0]["valueQuantity"]["value"], 23);
  EXPECT_EQ(size["component"][0]["valueQuantity"]["code"], "mm");
  expect_coding(one(p, "Observation/mcode-cancer-disease-status")["valueCodeableConcept"], kSnomed, "271299001");
  const nlohmann::json& weight = one(p, "Observation/");
  expect_coding(weight["code"], "http://loinc.org", "29463-7");
  EXPECT_EQ(weight["valueQuantity"]["value"], 61.5);

  const nlohmann::json& surgery = one(p, "Procedure/mcode-cancer-related-surgical-procedure");
  expect_coding(surgery["code"], kSnomed, "387713003");
  EXPECT_EQ(surgery["performedPeriod"], (nlohmann::json{{"start", "2019-02-01"}, {"end", "2019-03-01"}}));
  EXPECT_EQ(surgery["reasonReference"][0]["reference"], primary_url);
  EXPECT_EQ(surgery["extension"][0]["url"], kMcode + "mcode-procedure-intent");
  expect_coding(surgery["extension"][0]["valueCodeableConcept"], kSnomed, "373808002");
  const nlohmann::json& rt = one(p, "Procedure/mcode-radiotherapy-course-summary");
  expect_coding(rt["code"], kSnomed, "1217123003");

  const nlohmann::json& admin = one(p, "MedicationAdministration/mcode-cancer-related-medication-administration");
  expect_coding(admin["medicationCodeableConcept"], "http://www.nlm.nih.gov/research/umls/rxnorm", "3639");
  EXPECT_EQ(admin["effectivePeriod"]["start"], "2019-02-01");
  const nlohmann::json& request = one(p, "MedicationRequest/mcode-cancer-related-medication-request");
  expect_coding(request["medicationCodeableConcept"], "http://www.nlm.nih.gov/research/umls/rxnorm", "10324");
  EXPECT_EQ(request["intent"], "order");
  EXPECT_EQ(request["authoredOn"], "2019-02-01");
  EXPECT_EQ(request["subject"]["reference"], patient_url);
  EXPECT_EQ(request["reasonReference"][0]["reference"], primary_url);

  const nlohmann::json& specimen = one(p, "Specimen/");
  expect_coding(specimen["type"], kSnomed, "119376003");
  EXPECT_EQ(specimen["subject"]["reference"], patient_url);
  ASSERT_EQ(p.count("DiagnosticReport/"), 2u);
  for (auto [it, end] = p.equal_range("DiagnosticReport/"); it != end; ++it) {
    const nlohmann::json& report = it->second;
    EXPECT_EQ(report["status"], "final");
    EXPECT_EQ(report["subject"]["reference"], patient_url);
    if (report["code"]["coding"][0]["code"] == "22637-3") {
      expect_coding(report["conclusionCode"][0], kSnomed, "1187332001");
    } else {
      expect_coding(report["code"], "http://loinc.org", "18748-4");
      EXPECT_EQ(report["conclusion"], "Mass in left breast, 23 mm");
    }
  }
}

TEST(FhirResourceKinds, BlankMinimalAndMandatoryFieldsAreDataAbsent) {
  const auto patients = by_patient("bundles");
  const ByKind& p = patients.at("102");
  std::map<std::string, std::size_t> kinds;
  for (const auto& [kind, r] : p) ++kinds[kind];
  // Blank optional/recommended fields produce nothing; minimal/mandatory ones a resource.
  EXPECT_EQ(kinds, (std::map<std::string, std::size_t>{
                       {"Patient/mcode-cancer-patient", 1},
                       {"Condition/mcode-primary-cancer-condition", 1},
                       {"Condition/mcode-secondary-cancer-condition", 1},
                       {"Observation/mcode-tnm-primary-tumor-category", 1},
                       {"Observation/mcode-tnm-stage-group", 1},
                       {"Observation/mcode-comorbidities", 1},
                       {"MedicationRequest/mcode-cancer-related-medication-request", 1},
                       {"Specimen/", 1},
                       {"DiagnosticReport/", 1},
                   }));
  const nlohmann::json& patient = one(p, "Patient/mcode-cancer-patient");
  EXPECT_EQ(absent_reason(patient["_gender"]), "unknown");
  EXPECT_EQ(absent_reason(patient["_birthDate"]), "unknown");
  const nlohmann::json& primary = one(p, "Condition/mcode-primary-cancer-condition");
  expect_coding(primary["code"], kSnomed, "363346000");
  EXPECT_EQ(absent_reason(primary["_onsetDateTime"]), "unknown");
  EXPECT_EQ(absent_reason(one(p, "Condition/mcode-secondary-cancer-condition")["code"]), "unknown");
  EXPECT_EQ(one(p, "Observation/mcode-tnm-primary-tumor-category")["dataAbsentReason"]["coding"][0]["code"],
            "unknown");
  EXPECT_EQ(one(p, "Observation/mcode-tnm-stage-group")["dataAbsentReason"]["coding"][0]["code"], "unknown");
  EXPECT_FALSE(one(p, "Observation/mcode-tnm-stage-group").contains("hasMember"));
  EXPECT_EQ(absent_reason(
                one(p, "MedicationRequest/mcode-cancer-related-medication-request")["medicationCodeableConcept"]),
            "unknown");
}

// A blank minimal Specimen.type and a blank mandatory DiagnosticReport.conclusionCode were
// written as resources with no element and no reason at all.
TEST(FhirResourceKinds, BlankSpecimenTypeAndReportConclusionAreDataAbsent) {
  const auto patients = by_patient("bundles");
  const ByKind& p = patients.at("102");
  ASSERT_TRUE(one(p, "Specimen/").contains("type")) << one(p, "Specimen/").dump();
  EXPECT_EQ(absent_reason(one(p, "Specimen/")["type"]), "unknown");
  ASSERT_TRUE(one(p, "DiagnosticReport/").contains("conclusionCode")) << one(p, "DiagnosticReport/").dump();
  EXPECT_EQ(absent_reason(one(p, "DiagnosticReport/")["conclusionCode"][0]), "unknown");
  ASSERT_TRUE(one(patients.at("103"), "Specimen/").contains("type"));
  EXPECT_EQ(absent_reason(one(patients.at("103"), "Specimen/")["type"]), "unknown");
}

TEST(FhirResourceKinds, PartialPatientHasOnlyItsValues) {
  const auto patients = by_patient("bundles");
  const ByKind& p = patients.at("103");
  const nlohmann::json& patient = one(p, "Patient/mcode-cancer-patient");
  EXPECT_EQ(patient["gender"], "male");
  EXPECT_EQ(patient["deceasedBoolean"], false);
  expect_coding(one(p, "Condition/mcode-primary-cancer-condition")["verificationStatus"],
                "http://terminology.hl7.org/CodeSystem/condition-ver-status", "provisional");
  expect_coding(one(p, "Condition/mcode-secondary-cancer-condition")["code"], kSnomed, "94381002");
  EXPECT_EQ(p.count("Observation/mcode-tumor-marker-test"), 1u);
  EXPECT_EQ(p.count("Procedure/mcode-radiotherapy-course-summary"), 1u);
  EXPECT_EQ(p.count("Procedure/mcode-cancer-related-surgical-procedure"), 0u);
  EXPECT_EQ(p.count("MedicationAdministration/mcode-cancer-related-medication-administration"), 0u);
  const nlohmann::json& rt = one(p, "Procedure/mcode-radiotherapy-course-summary");
  EXPECT_EQ(rt["performedPeriod"], (nlohmann::json{{"start", "2020-07-01"}}));
  expect_coding(rt["extension"][0]["valueCodeableConcept"], kSnomed, "363676003");
  EXPECT_EQ(one(p, "DiagnosticReport/")["code"]["coding"][0]["code"], "22637-3");
  const nlohmann::json& comorb = one(p, "Observation/mcode-comorbidities");
  EXPECT_EQ(comorb["extension"][0]["url"], kMcode + "mcode-comorbid-condition-absent");
  EXPECT_EQ(comorb["extension"][1]["url"], kMcode + "mcode-comorbid-condition-present");
}

// Every coded cell of one patient holds a value that is no choice of the dictionary (and
// a checkbox cell is no mark): each element is data absent (error) where its coding would
// be, one warning per cell (never the value), and the resources stay valid FHIR.
TEST(FhirResourceKinds, ValuesThatAreNoChoiceAreDataAbsentInEveryElement) {
  const std::string& d = work();
  const std::string header = kExport.substr(0, kExport.find('\n') + 1);
  test::write(d + "/no_choice.csv", header +
                                        "101,Z7,1960-05-01,Z7,,12345,Z7,2019-01-10,Z7,Z7,Z7,Z7,Z7,Z7,Z7,Z7,Z7,2019-01-"
                                        "20,Z7,4.5,Z7,Z7,Z7,0,23,Z7,61.5,Z7,Z7,2019-02-01,2019-03-01,Z7,Z7,Z7,Z7,Z7,"
                                        "\"Mass in left breast, 23 mm\",2\n");
  const std::string out = d + "/no_choice";
  const CliRun r = oncoshare("fhir --dictionary " + d + "/dictionary.csv --mapping " + d + "/mapping.csv --data " + d +
                             "/no_choice.csv --key-file " + d + "/site.key --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("Z7"), std::string::npos) << r.err;
  // 23 coded cells and one checkbox mark; the intent (on four treatments) and the stage
  // group (in its Observation and in Condition.stage) are warned about once.
  EXPECT_EQ(nlohmann::json::parse(r.out)["warnings"], 24);
  EXPECT_NE(r.err.find(d + "/no_choice.csv:2: field 'confirmed': not a choice of the dictionary (1, 0); written as "
                           "data absent (error)\n"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(d + "/no_choice.csv:2: field 'comorb___1': not a checkbox mark (0 or 1); left out\n"),
            std::string::npos)
      << r.err;
  const nlohmann::json verdict = test::validate(out);
  EXPECT_EQ(verdict["errors"], nlohmann::json::array()) << verdict.dump(2);

  ByKind p;
  for (const auto& resource : test::resources(out)) p.emplace(kind_of(resource), resource);
  const nlohmann::json& patient = one(p, "Patient/mcode-cancer-patient");
  EXPECT_EQ(absent_reason(patient["_gender"]), "error");
  EXPECT_EQ(absent_reason(patient["_deceasedBoolean"]), "error");
  const nlohmann::json& primary = one(p, "Condition/mcode-primary-cancer-condition");
  EXPECT_EQ(absent_reason(primary["code"]), "error");
  EXPECT_EQ(absent_reason(primary["verificationStatus"]), "error");
  EXPECT_EQ(absent_reason(primary["stage"][0]["summary"]), "error");
  EXPECT_EQ(absent_reason(primary["extension"][0]["valueCodeableConcept"]), "error");  // morphology
  const nlohmann::json& body_site = primary["bodySite"][0];
  EXPECT_FALSE(body_site.contains("coding")) << body_site.dump();
  ASSERT_EQ(body_site["extension"].size(), 2u) << body_site.dump();
  EXPECT_EQ(body_site["extension"][0]["url"], kMcode + "mcode-laterality-qualifier");
  EXPECT_EQ(absent_reason(body_site["extension"][0]["valueCodeableConcept"]), "error");
  EXPECT_EQ(absent_reason(body_site), "error");
  EXPECT_EQ(absent_reason(one(p, "Condition/mcode-secondary-cancer-condition")["code"]), "error");

  int observations = 0;
  for (const auto& [kind, o] : p) {
    if (o["resourceType"] != "Observation" || kind == "Observation/mcode-comorbidities") continue;
    if (o["code"]["coding"][0]["code"] == "2039-6" || kind == "Observation/mcode-tumor-size" ||
        kind == "Observation/") {
      continue;  // numbers, untouched
    }
    ++observations;
    EXPECT_EQ(o["dataAbsentReason"]["coding"][0]["code"], "error") << o.dump();
    EXPECT_FALSE(o.contains("valueCodeableConcept") || o.contains("valueInteger")) << o.dump();
  }
  EXPECT_EQ(observations, 8);  // cT, cN, cM, stage group, HER2, grade, ECOG, disease status
  const nlohmann::json& comorb = one(p, "Observation/mcode-comorbidities");
  ASSERT_EQ(comorb["extension"].size(), 1u) << comorb.dump();
  expect_coding(comorb["extension"][0]["valueCodeableConcept"], kSnomed, "38341003");

  const nlohmann::json& surgery = one(p, "Procedure/mcode-cancer-related-surgical-procedure");
  EXPECT_EQ(absent_reason(surgery["code"]), "error");
  EXPECT_EQ(absent_reason(surgery["extension"][0]["valueCodeableConcept"]), "error");  // intent
  EXPECT_EQ(absent_reason(one(p, "Procedure/")["code"]), "error");
  EXPECT_EQ(absent_reason(one(p, "MedicationAdministration/mcode-cancer-related-medication-administration")
                              ["medicationCodeableConcept"]),
            "error");
  EXPECT_EQ(
      absent_reason(one(p, "MedicationRequest/mcode-cancer-related-medication-request")["medicationCodeableConcept"]),
      "error");
  EXPECT_EQ(absent_reason(one(p, "Specimen/")["type"]), "error");
  for (auto [it, end] = p.equal_range("DiagnosticReport/"); it != end; ++it) {
    if (it->second["code"]["coding"][0]["code"] == "22637-3") {
      EXPECT_EQ(absent_reason(it->second["conclusionCode"][0]), "error");
    }
  }
}

}  // namespace
}  // namespace oncoshare::fhir
