// ImagingStudy bundles written alone and appended to the patients' `oncoshare fhir`
// bundles: both npm validators, the subject resolving to the Patient, the fhir folder left
// as it was, patients without a clinical bundle reported, determinism.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "dicom/link_test_support.hpp"
#include "dicom/imaging_output.hpp"
#include "dicom/patient_link.hpp"
#include "fhir/patient_identity.hpp"

namespace oncoshare::dicom {
namespace {

namespace fs = std::filesystem;

// Every file of a folder (name -> bytes).
std::map<std::string, std::string> snapshot(const std::string& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::directory_iterator(dir)) files[e.path().filename().string()] = fhir::test::slurp(e.path());
  return files;
}

// The cohort converted by `oncoshare fhir` (bundles, dates shifted), once per process.
const std::string& clinical_dir() {
  static const std::string dir = [] {
    const std::string out = test::work_dir() + "/dicom_clinical";
    fs::remove_all(out);
    const fhir::test::CliRun run = fhir::test::oncoshare(fhir::test::fhir_args(out) + " --dates shift");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return out;
  }();
  return dir;
}

InstanceRecord instance(const std::string& pseudonym, const std::string& study, const std::string& series,
                        const std::string& uid, int number) {
  InstanceRecord r;
  r.patient_pseudonym = pseudonym;
  r.study_uid = study;
  r.series_uid = series;
  r.sop_class_uid = "1.2.840.10008.5.1.4.1.1.2";
  r.sop_instance_uid = uid;
  r.modality = "CT";
  r.study_date = "20190512";
  r.series_number = 1;
  r.instance_number = number;
  return r;
}

struct Imaging {
  std::vector<InstanceRecord> records;
  std::vector<std::string> linked;  // pseudonyms of cohort patients, in record order
  std::string unlinked;             // a pseudonym no fhir bundle holds
};

// Two cohort patients (linked as `oncoshare fhir` names them), one with two studies, and a
// patient the cohort does not have.
Imaging imaging() {
  const privacy::Key site = test::load_key("site.key");
  core::Result<PatientLinker> linker = PatientLinker::create(std::nullopt, {&site, nullptr}, {});
  EXPECT_TRUE(linker.has_value());
  const std::map<std::string, std::string> dates = test::diagnosis_dates();
  EXPECT_GE(dates.size(), 2u);
  Imaging out;
  for (auto it = dates.begin(); it != dates.end() && out.linked.size() < 2; ++it) {
    core::Result<LinkedPatient> patient = linker->resolve(it->first);
    EXPECT_TRUE(patient.has_value());
    out.linked.push_back(patient->pseudonym);
  }
  const std::string& a = out.linked[0];
  const std::string& b = out.linked[1];
  out.unlinked = privacy::pseudonym(site, "no-such-record");
  out.records = {instance(a, "2.25.1", "2.25.11", "2.25.111", 1), instance(a, "2.25.1", "2.25.11", "2.25.112", 2),
                 instance(a, "2.25.2", "2.25.21", "2.25.211", 1), instance(b, "2.25.3", "2.25.31", "2.25.311", 1),
                 instance(out.unlinked, "2.25.4", "2.25.41", "2.25.411", 1)};
  return out;
}

std::string fresh(const std::string& name) {
  const std::string dir = test::work_dir() + "/" + name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

nlohmann::json read_json(const std::string& path) { return nlohmann::json::parse(fhir::test::slurp(path)); }

TEST(ImagingOutput, ImagingBundlesAloneReferToThePatientOnTheServer) {
  const Imaging input = imaging();
  const std::string out = fresh("dicom_imaging_only");
  core::Result<ImagingSummary> summary = write_imaging_bundles(input.records, out);
  ASSERT_TRUE(summary.has_value()) << summary.error().to_string();
  EXPECT_EQ(summary->patients, 3u);
  EXPECT_EQ(summary->studies, 4u);
  EXPECT_EQ(summary->series, 4u);
  EXPECT_EQ(summary->instances, 5u);
  EXPECT_EQ(summary->imaging_bundles, 3u);
  EXPECT_EQ(summary->combined_bundles, 0u);
  EXPECT_TRUE(summary->without_clinical_bundle.empty());  // no fhir folder given: nothing to miss
  EXPECT_FALSE(fs::exists(out + "/combined"));

  const std::string patient_id = fhir::patient_resource_id(input.linked[0]);
  const nlohmann::json bundle = read_json(out + "/imaging/" + patient_id + ".json");
  EXPECT_EQ(bundle["resourceType"], "Bundle");
  EXPECT_EQ(bundle["type"], "transaction");
  ASSERT_EQ(bundle["entry"].size(), 2u);
  for (const nlohmann::json& e : bundle["entry"]) {
    const nlohmann::json& r = e["resource"];
    EXPECT_EQ(r["resourceType"], "ImagingStudy");
    EXPECT_EQ(e["fullUrl"], "urn:uuid:" + r["id"].get<std::string>());
    EXPECT_EQ(e["request"], nlohmann::json({{"method", "PUT"}, {"url", "ImagingStudy/" + r["id"].get<std::string>()}}));
    EXPECT_EQ(r["subject"]["reference"], "Patient/" + patient_id);
  }
  EXPECT_EQ(bundle["entry"][0]["resource"]["identifier"][0]["value"], "urn:oid:2.25.1");
  EXPECT_EQ(bundle["entry"][1]["resource"]["identifier"][0]["value"], "urn:oid:2.25.2");

  // The Patient it names is the one the patient's `oncoshare fhir` bundle puts on the server.
  const nlohmann::json clinical = read_json(clinical_dir() + "/" + patient_id + ".json");
  bool found = false;
  for (const nlohmann::json& e : clinical["entry"]) {
    if (e["request"]["url"] == "Patient/" + patient_id) {
      found = true;
      EXPECT_EQ(e["request"]["method"], "PUT");
      EXPECT_EQ(e["resource"]["identifier"][0]["value"], input.linked[0]);
    }
  }
  EXPECT_TRUE(found);

  const nlohmann::json verdict = fhir::test::validate(out + "/imaging");
  EXPECT_EQ(verdict["errors"], nlohmann::json::array()) << verdict.dump(2);
  EXPECT_EQ(verdict["bundles"], 3);
  EXPECT_EQ(verdict["resources"], 4);
}

TEST(ImagingOutput, CombinedBundlesHoldTheClinicalAndImagingResources) {
  const Imaging input = imaging();
  const std::map<std::string, std::string> before = snapshot(clinical_dir());
  const std::string out = fresh("dicom_combined");
  core::Result<ImagingSummary> summary = write_imaging_bundles(input.records, out, clinical_dir());
  ASSERT_TRUE(summary.has_value()) << summary.error().to_string();
  EXPECT_EQ(summary->imaging_bundles, 3u);
  EXPECT_EQ(summary->combined_bundles, 2u);
  EXPECT_EQ(summary->without_clinical_bundle, std::vector<std::string>{input.unlinked});
  EXPECT_EQ(snapshot(clinical_dir()), before);  // read, never written
  EXPECT_EQ(snapshot(out + "/combined").size(), 2u);
  EXPECT_TRUE(fs::exists(out + "/imaging/" + fhir::patient_resource_id(input.unlinked) + ".json"));

  for (std::size_t i = 0; i < input.linked.size(); ++i) {
    const std::string patient_id = fhir::patient_resource_id(input.linked[i]);
    const std::string clinical_text = before.at(patient_id + ".json");
    const std::string combined_text = fhir::test::slurp(out + "/combined/" + patient_id + ".json");
    // The clinical bundle's text is kept byte for byte; the imaging entries follow its own.
    const std::string kept = clinical_text.substr(0, clinical_text.rfind(']'));
    EXPECT_EQ(combined_text.substr(0, kept.size()), kept);
    EXPECT_EQ(combined_text.substr(combined_text.size() - 3), "]}\n");
    const nlohmann::json clinical = nlohmann::json::parse(clinical_text);
    const nlohmann::json combined = nlohmann::json::parse(combined_text);
    const std::size_t studies = i == 0 ? 2 : 1;
    ASSERT_EQ(combined["entry"].size(), clinical["entry"].size() + studies);
    std::map<std::string, nlohmann::json> by_full_url;
    for (const nlohmann::json& e : combined["entry"]) by_full_url[e["fullUrl"]] = e["resource"];
    EXPECT_EQ(by_full_url.size(), combined["entry"].size());  // fullUrls stay unique
    for (std::size_t k = clinical["entry"].size(); k < combined["entry"].size(); ++k) {
      const nlohmann::json& e = combined["entry"][k];
      EXPECT_EQ(e["resource"]["resourceType"], "ImagingStudy");
      EXPECT_EQ(e["request"]["url"], "ImagingStudy/" + e["resource"]["id"].get<std::string>());
      // The subject resolves to the Patient entry of the same bundle.
      const std::string reference = e["resource"]["subject"]["reference"];
      EXPECT_EQ(reference, "urn:uuid:" + patient_id);
      ASSERT_EQ(by_full_url.count(reference), 1u);
      EXPECT_EQ(by_full_url[reference]["resourceType"], "Patient");
      EXPECT_EQ(by_full_url[reference]["id"], patient_id);
      EXPECT_EQ(by_full_url[reference]["identifier"][0]["value"], input.linked[i]);
    }
  }

  const nlohmann::json verdict = fhir::test::validate(out + "/combined");
  EXPECT_EQ(verdict["errors"], nlohmann::json::array()) << verdict.dump(2);
  EXPECT_EQ(verdict["bundles"], 2);
  const nlohmann::json imaging_verdict = fhir::test::validate(out + "/imaging");
  EXPECT_EQ(imaging_verdict["errors"], nlohmann::json::array()) << imaging_verdict.dump(2);
}

TEST(ImagingOutput, SameRecordsInAnyOrderWriteTheSameBytes) {
  Imaging input = imaging();
  const std::string first = fresh("dicom_order_1");
  ASSERT_TRUE(write_imaging_bundles(input.records, first, clinical_dir()).has_value());
  std::reverse(input.records.begin(), input.records.end());
  const std::string second = fresh("dicom_order_2");
  ASSERT_TRUE(write_imaging_bundles(input.records, second, clinical_dir()).has_value());
  EXPECT_EQ(snapshot(first + "/imaging"), snapshot(second + "/imaging"));
  EXPECT_EQ(snapshot(first + "/combined"), snapshot(second + "/combined"));
}

TEST(ImagingOutput, RefusesToWriteIntoTheFhirFolderOrAMissingOne) {
  const Imaging input = imaging();
  const std::map<std::string, std::string> before = snapshot(clinical_dir());
  core::Result<ImagingSummary> summary = write_imaging_bundles(input.records, clinical_dir() + "/.", clinical_dir());
  ASSERT_FALSE(summary.has_value());
  EXPECT_EQ(summary.error().to_string(), clinical_dir() + "/. is in the FHIR bundle folder, which is read, never "
                                                          "written: name another output folder");
  const std::string inside = clinical_dir() + "/imaging_out";
  fs::create_directories(inside);
  summary = write_imaging_bundles(input.records, inside, clinical_dir());
  ASSERT_FALSE(summary.has_value());
  EXPECT_EQ(summary.error().to_string(), inside + " is in the FHIR bundle folder, which is read, never "
                                                  "written: name another output folder");
  EXPECT_TRUE(fs::is_empty(inside));
  fs::remove(inside);
  EXPECT_EQ(snapshot(clinical_dir()), before);
  const std::string out = fresh("dicom_missing_fhir");
  summary = write_imaging_bundles(input.records, out, out + "/nowhere");
  ASSERT_FALSE(summary.has_value());
  EXPECT_EQ(summary.error().to_string(), out + "/nowhere is not a folder of FHIR bundles");
  summary = write_imaging_bundles(input.records, out + "/nowhere");
  ASSERT_FALSE(summary.has_value());
  EXPECT_EQ(summary.error().to_string(), out + "/nowhere is not a folder");
}

TEST(ImagingOutput, CombineRefusesWhatIsNoFhirBundle) {
  const Imaging input = imaging();
  core::Result<std::vector<PatientImaging>> patients = group_instances(input.records);
  ASSERT_TRUE(patients.has_value());
  const PatientImaging& patient = (*patients)[0];
  const auto refusal = [&patient](std::string_view text) {
    core::Result<std::string> combined = combine_bundle(text, patient, "b.json");
    EXPECT_FALSE(combined.has_value());
    return combined ? std::string() : combined.error().to_string();
  };
  EXPECT_EQ(refusal("[1,2]"), "b.json: not a bundle of `oncoshare fhir`: no JSON object");
  EXPECT_EQ(refusal("{\"resourceType\":"), "b.json: not a bundle of `oncoshare fhir`: no JSON object");
  EXPECT_EQ(refusal(R"({"resourceType":"Bundle","type":"collection","entry":[]})"),
            "b.json: not a bundle of `oncoshare fhir`: no transaction Bundle");
  EXPECT_EQ(refusal(R"({"resourceType":"Bundle","entry":[],"type":"transaction"})"),
            "b.json: not a bundle of `oncoshare fhir`: its last member is not the \"entry\" array");
  // An empty transaction gains the entries without a leading comma.
  core::Result<std::string> combined =
      combine_bundle("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[ ]}\n", patient, "b.json");
  ASSERT_TRUE(combined.has_value());
  EXPECT_EQ(nlohmann::json::parse(*combined)["entry"].size(), patient.studies.size());
}

}  // namespace
}  // namespace oncoshare::dicom
