// ImagingStudy resources from hand-made instance records, field by field; grouping errors;
// determinism.
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>

#include "dicom/imaging_study.hpp"
#include "fhir/patient_identity.hpp"
#include "fhir/uuid.hpp"

namespace oncoshare::dicom {
namespace {

constexpr const char* kCt = "1.2.840.10008.5.1.4.1.1.2";
constexpr const char* kMr = "1.2.840.10008.5.1.4.1.1.4";

InstanceRecord instance(std::string series, std::string uid, std::optional<int> number) {
  InstanceRecord r;
  r.patient_pseudonym = "p1";
  r.study_uid = "2.25.100";
  r.series_uid = std::move(series);
  r.sop_class_uid = kCt;
  r.sop_instance_uid = std::move(uid);
  r.modality = "CT";
  r.study_date = "20210304";
  r.study_time = "101500";
  r.instance_number = number;
  return r;
}

// One study: series 2.25.12 (number 1, CT, three instances out of order), series 2.25.11
// (number 2, MR, one instance without number).
std::vector<InstanceRecord> one_study() {
  std::vector<InstanceRecord> records{instance("2.25.12", "2.25.1203", 3), instance("2.25.12", "2.25.1201", 10),
                                      instance("2.25.12", "2.25.1202", 2), instance("2.25.11", "2.25.1101", {})};
  for (InstanceRecord& r : records) r.series_number = r.series_uid == "2.25.12" ? 1 : 2;
  records[3].modality = "MR";
  records[3].sop_class_uid = kMr;
  return records;
}

nlohmann::json study_json(const std::vector<InstanceRecord>& records, SubjectReference subject) {
  core::Result<std::vector<PatientImaging>> patients = group_instances(records);
  EXPECT_TRUE(patients.has_value()) << (patients ? "" : patients.error().to_string());
  if (!patients || patients->size() != 1 || (*patients)[0].studies.size() != 1) return {};
  const PatientImaging& p = (*patients)[0];
  return nlohmann::json::parse(imaging_study_json(p.studies[0], p.patient_id, subject));
}

TEST(ImagingStudy, FieldByField) {
  const nlohmann::json s = study_json(one_study(), SubjectReference::server);
  const std::string patient_id = fhir::patient_resource_id("p1");
  EXPECT_EQ(s["resourceType"], "ImagingStudy");
  EXPECT_EQ(s["id"], fhir::uuid_v5(fhir::kOncoshareNamespace, "p1/ImagingStudy/2.25.100"));
  EXPECT_EQ(s["identifier"], nlohmann::json::parse(R"([{"system":"urn:dicom:uid","value":"urn:oid:2.25.100"}])"));
  EXPECT_EQ(s["status"], "available");
  EXPECT_EQ(s["modality"], nlohmann::json::parse(R"([{"system":"http://dicom.nema.org/resources/ontology/DCM","code":"CT"},
                                                     {"system":"http://dicom.nema.org/resources/ontology/DCM","code":"MR"}])"));
  EXPECT_EQ(s["subject"], nlohmann::json({{"reference", "Patient/" + patient_id}}));
  EXPECT_EQ(s["started"], "2021-03-04");  // no time: FHIR needs a zone the study time lacks
  EXPECT_EQ(s["numberOfSeries"], 2);
  EXPECT_EQ(s["numberOfInstances"], 4);
  EXPECT_FALSE(s.contains("meta"));
  ASSERT_EQ(s["series"].size(), 2u);
  const nlohmann::json& ct = s["series"][0];
  EXPECT_EQ(ct["uid"], "2.25.12");
  EXPECT_EQ(ct["number"], 1);
  EXPECT_EQ(ct["modality"], nlohmann::json::parse(R"({"system":"http://dicom.nema.org/resources/ontology/DCM","code":"CT"})"));
  EXPECT_EQ(ct["numberOfInstances"], 3);
  ASSERT_EQ(ct["instance"].size(), 3u);
  EXPECT_EQ(ct["instance"][0], nlohmann::json::parse(
                                   R"({"uid":"2.25.1202","sopClass":{"system":"urn:ietf:rfc:3986",
                                       "code":"urn:oid:1.2.840.10008.5.1.4.1.1.2"},"number":2})"));
  EXPECT_EQ(ct["instance"][1]["uid"], "2.25.1203");
  EXPECT_EQ(ct["instance"][1]["number"], 3);
  EXPECT_EQ(ct["instance"][2]["uid"], "2.25.1201");
  EXPECT_EQ(ct["instance"][2]["number"], 10);  // by number, not by text
  const nlohmann::json& mr = s["series"][1];
  EXPECT_EQ(mr["uid"], "2.25.11");
  EXPECT_EQ(mr["number"], 2);
  EXPECT_EQ(mr["modality"]["code"], "MR");
  EXPECT_EQ(mr["numberOfInstances"], 1);
  EXPECT_EQ(mr["instance"][0]["sopClass"]["code"], "urn:oid:1.2.840.10008.5.1.4.1.1.4");
  EXPECT_FALSE(mr["instance"][0].contains("number"));
}

TEST(ImagingStudy, SubjectInABundleIsThePatientsFullUrl) {
  const nlohmann::json s = study_json(one_study(), SubjectReference::bundle_entry);
  EXPECT_EQ(s["subject"]["reference"], "urn:uuid:" + fhir::patient_resource_id("p1"));
}

TEST(ImagingStudy, MissingOrMalformedValuesAreLeftOutOrAbsent) {
  std::vector<InstanceRecord> records{instance("2.25.12", "2.25.1201", -1)};
  records[0].modality.clear();
  records[0].study_date = "20210230";  // no such day
  records[0].series_number = -4;
  const nlohmann::json s = study_json(records, SubjectReference::server);
  EXPECT_FALSE(s.contains("started"));
  EXPECT_FALSE(s.contains("modality"));
  const nlohmann::json& series = s["series"][0];
  EXPECT_FALSE(series.contains("number"));
  EXPECT_FALSE(series["instance"][0].contains("number"));
  EXPECT_EQ(series["modality"], nlohmann::json::parse(R"({"extension":[{"url":
      "http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"unknown"}]})"));
  for (const char* bad : {"", "2021034", "2021-03-04", "00000101", "2021030a"}) {
    records[0].study_date = bad;
    EXPECT_FALSE(study_json(records, SubjectReference::server).contains("started")) << bad;
  }
  records[0].study_date = "00010101";
  EXPECT_EQ(study_json(records, SubjectReference::server)["started"], "0001-01-01");
}

TEST(ImagingStudy, StudyDateIsTheFirstValidOneInInstanceOrder) {
  std::vector<InstanceRecord> records = one_study();
  records[3].study_date = "";          // 2.25.1101, first by UID
  records[1].study_date = "2021";      // 2.25.1201, not a date
  records[2].study_date = "20200101";  // 2.25.1202
  EXPECT_EQ(study_json(records, SubjectReference::server)["started"], "2020-01-01");
}

TEST(ImagingStudy, GroupsByPatientThenStudyInOrder) {
  std::vector<InstanceRecord> records = one_study();
  InstanceRecord other = instance("2.25.21", "2.25.2101", 1);
  other.patient_pseudonym = "p0";
  other.study_uid = "2.25.200";
  InstanceRecord second = instance("2.25.31", "2.25.3101", 1);
  second.study_uid = "2.25.099";
  records.push_back(other);
  records.push_back(second);
  core::Result<std::vector<PatientImaging>> patients = group_instances(records);
  ASSERT_TRUE(patients.has_value());
  ASSERT_EQ(patients->size(), 2u);
  EXPECT_EQ((*patients)[0].pseudonym, "p0");
  EXPECT_EQ((*patients)[0].patient_id, fhir::patient_resource_id("p0"));
  EXPECT_EQ((*patients)[1].pseudonym, "p1");
  ASSERT_EQ((*patients)[1].studies.size(), 2u);
  EXPECT_EQ((*patients)[1].studies[0].uid, "2.25.099");
  EXPECT_EQ((*patients)[1].studies[1].uid, "2.25.100");
  EXPECT_EQ((*patients)[1].studies[1].instances(), 4u);
}

TEST(ImagingStudy, AnInstanceGivenTwiceAlikeCountsOnce) {
  std::vector<InstanceRecord> records = one_study();
  records.push_back(records[0]);
  EXPECT_EQ(study_json(records, SubjectReference::server)["numberOfInstances"], 4);
}

std::string group_error(const std::vector<InstanceRecord>& records) {
  core::Result<std::vector<PatientImaging>> patients = group_instances(records);
  EXPECT_FALSE(patients.has_value());
  if (patients) return {};
  EXPECT_EQ(patients.error().code, core::ErrorCode::bad_input);
  return patients.error().to_string();
}

TEST(ImagingStudy, ConflictingUidsAreErrorsThatNameNoUid) {
  std::vector<InstanceRecord> records = one_study();
  records[1].patient_pseudonym = "p2";
  EXPECT_EQ(group_error(records), "a study instance UID appears under two patients");
  records = one_study();
  records[1].study_uid = "2.25.101";
  EXPECT_EQ(group_error(records), "a series instance UID appears in two studies");
  records = one_study();
  records.push_back(records[0]);
  records.back().sop_class_uid = kMr;
  EXPECT_EQ(group_error(records), "an SOP instance UID is given twice with a different series or SOP class");
  records = one_study();
  records.push_back(records[3]);
  records.back().series_uid = "2.25.12";
  EXPECT_EQ(group_error(records), "an SOP instance UID is given twice with a different series or SOP class");
}

TEST(ImagingStudy, RecordsWithoutIdentityAreErrors) {
  const std::vector<std::pair<std::string InstanceRecord::*, std::string>> fields{
      {&InstanceRecord::patient_pseudonym, "patient pseudonym"},
      {&InstanceRecord::study_uid, "study instance UID"},
      {&InstanceRecord::series_uid, "series instance UID"},
      {&InstanceRecord::sop_class_uid, "SOP class UID"},
      {&InstanceRecord::sop_instance_uid, "SOP instance UID"}};
  for (const auto& [field, name] : fields) {
    std::vector<InstanceRecord> records = one_study();
    records[2].*field = "";
    EXPECT_EQ(group_error(records), "an instance has no " + name + ": it cannot be placed in an ImagingStudy");
  }
}

TEST(ImagingStudy, OutputDoesNotDependOnTheOrderOfRecords) {
  std::vector<InstanceRecord> records = one_study();
  const nlohmann::json reference = study_json(records, SubjectReference::server);
  std::mt19937 rng(7);
  for (int round = 0; round < 10; ++round) {
    std::shuffle(records.begin(), records.end(), rng);
    EXPECT_EQ(study_json(records, SubjectReference::server).dump(), reference.dump());
  }
}

}  // namespace
}  // namespace oncoshare::dicom
