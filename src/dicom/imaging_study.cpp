#include "dicom/imaging_study.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/civil_date.hpp"
#include "fhir/json_writer.hpp"
#include "fhir/patient_identity.hpp"
#include "fhir/resource_json.hpp"
#include "fhir/uuid.hpp"

namespace oncoshare::dicom {

namespace {

// "YYYY-MM-DD" of a DICOM DA "YYYYMMDD" naming a day of years 0001-9999, or "".
std::string fhir_date(std::string_view da) {
  if (da.size() != 8 || !std::all_of(da.begin(), da.end(), [](char c) { return c >= '0' && c <= '9'; })) return {};
  const auto number = [da](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (da[i] - '0');
    return v;
  };
  const int year = number(0, 4), month = number(4, 2), day = number(6, 2);
  if (year < 1 || !core::is_valid_date(year, month, day)) return {};
  return fmt::format("{}-{}-{}", da.substr(0, 4), da.substr(4, 2), da.substr(6, 2));
}

// Numbered items first, by number, then by UID.
template <class T>
void sort_by_number(std::vector<T>& items) {
  std::sort(items.begin(), items.end(), [](const T& a, const T& b) {
    if (a.number.has_value() != b.number.has_value()) return a.number.has_value();
    if (a.number != b.number) return *a.number < *b.number;
    return a.uid < b.uid;
  });
}

core::Status check_complete(const InstanceRecord& r) {
  const auto missing = [](std::string_view what) {
    return core::bad_input(fmt::format("an instance has no {}: it cannot be placed in an ImagingStudy", what));
  };
  if (r.patient_pseudonym.empty()) return missing("patient pseudonym");
  if (r.study_uid.empty()) return missing("study instance UID");
  if (r.series_uid.empty()) return missing("series instance UID");
  if (r.sop_class_uid.empty()) return missing("SOP class UID");
  if (r.sop_instance_uid.empty()) return missing("SOP instance UID");
  return {};
}

struct SeriesAcc {
  ImagingSeries series;
  std::map<std::string, ImagingInstance, std::less<>> instances;
};
struct StudyAcc {
  std::string started;
  std::map<std::string, SeriesAcc, std::less<>> series;
};

// Every UID must name one thing: a study one patient's, a series one study's, an instance one.
class UidOwners {
 public:
  core::Status check(const InstanceRecord& r) {
    if (!claim(study_patient_, r.study_uid, r.patient_pseudonym)) {
      return core::bad_input("a study instance UID appears under two patients");
    }
    if (!claim(series_study_, r.series_uid, r.study_uid)) {
      return core::bad_input("a series instance UID appears in two studies");
    }
    if (!claim(instance_owner_, r.sop_instance_uid, r.series_uid + '\n' + r.sop_class_uid)) {
      return core::bad_input("an SOP instance UID is given twice with a different series or SOP class");
    }
    return {};
  }

 private:
  static bool claim(std::map<std::string, std::string, std::less<>>& owners, const std::string& uid,
                    const std::string& owner) {
    return owners.try_emplace(uid, owner).first->second == owner;
  }
  std::map<std::string, std::string, std::less<>> study_patient_, series_study_, instance_owner_;
};

ImagingStudy finish_study(std::string_view pseudonym, const std::string& uid, StudyAcc& acc) {
  ImagingStudy study;
  study.id = fhir::uuid_v5(fhir::kOncoshareNamespace, fmt::format("{}/ImagingStudy/{}", pseudonym, uid));
  study.uid = uid;
  study.started = std::move(acc.started);
  for (auto& [series_uid, s] : acc.series) {
    for (auto& [instance_uid, instance] : s.instances) s.series.instances.push_back(std::move(instance));
    sort_by_number(s.series.instances);
    study.series.push_back(std::move(s.series));
  }
  sort_by_number(study.series);
  return study;
}

}  // namespace

std::size_t ImagingStudy::instances() const {
  std::size_t n = 0;
  for (const ImagingSeries& s : series) n += s.instances.size();
  return n;
}

core::Result<std::vector<PatientImaging>> group_instances(std::span<const InstanceRecord> records) {
  std::map<std::string, std::map<std::string, StudyAcc, std::less<>>, std::less<>> patients;
  UidOwners owners;
  // The first instance (in UID order) that has a value gives its series or study that value.
  std::vector<const InstanceRecord*> ordered;
  ordered.reserve(records.size());
  for (const InstanceRecord& r : records) ordered.push_back(&r);
  std::sort(ordered.begin(), ordered.end(), [](const InstanceRecord* a, const InstanceRecord* b) {
    return a->sop_instance_uid < b->sop_instance_uid;
  });
  for (const InstanceRecord* r : ordered) {
    ONCOSHARE_TRY(check_complete(*r));
    ONCOSHARE_TRY(owners.check(*r));
    StudyAcc& study = patients[r->patient_pseudonym][r->study_uid];
    if (study.started.empty()) study.started = fhir_date(r->study_date);
    SeriesAcc& series = study.series[r->series_uid];
    series.series.uid = r->series_uid;
    if (series.series.modality.empty()) series.series.modality = r->modality;
    if (!series.series.number) series.series.number = r->series_number;
    series.instances.try_emplace(r->sop_instance_uid,
                                 ImagingInstance{r->sop_instance_uid, r->sop_class_uid, r->instance_number});
  }
  std::vector<PatientImaging> out;
  out.reserve(patients.size());
  for (auto& [pseudonym, studies] : patients) {
    PatientImaging patient{pseudonym, fhir::patient_resource_id(pseudonym), {}};
    for (auto& [uid, acc] : studies) patient.studies.push_back(finish_study(pseudonym, uid, acc));
    out.push_back(std::move(patient));
  }
  return out;
}

std::string imaging_study_json(const ImagingStudy& study, std::string_view patient_id, SubjectReference subject) {
  std::string out;
  fhir::JsonWriter w(out);
  w.begin_object();
  fhir::write_resource_header(w, "ImagingStudy", study.id, {});
  w.begin_array("identifier");
  w.begin_object();
  w.field("system", kDicomUidSystem);
  w.field("value", fmt::format("urn:oid:{}", study.uid));
  w.end_object();
  w.end_array();
  w.field("status", "available");
  std::set<std::string_view> modalities;
  for (const ImagingSeries& s : study.series) {
    if (!s.modality.empty()) modalities.insert(s.modality);
  }
  if (!modalities.empty()) {
    w.begin_array("modality");
    for (std::string_view m : modalities) {
      w.begin_object();
      w.field("system", kDicomTerminology);
      w.field("code", m);
      w.end_object();
    }
    w.end_array();
  }
  fhir::write_reference(w, "subject", "Patient", patient_id, subject == SubjectReference::bundle_entry);
  if (!study.started.empty()) w.field("started", study.started);
  w.field_literal("numberOfSeries", std::to_string(study.series.size()));
  w.field_literal("numberOfInstances", std::to_string(study.instances()));
  w.begin_array("series");
  for (const ImagingSeries& s : study.series) {
    w.begin_object();
    w.field("uid", s.uid);
    // unsignedInt: a negative number from a malformed file is left out.
    if (s.number && *s.number >= 0) w.field_literal("number", std::to_string(*s.number));
    if (s.modality.empty()) {
      fhir::write_absent_complex(w, "modality", "unknown");  // required (1..1)
    } else {
      w.begin_object("modality");
      w.field("system", kDicomTerminology);
      w.field("code", s.modality);
      w.end_object();
    }
    w.field_literal("numberOfInstances", std::to_string(s.instances.size()));
    w.begin_array("instance");
    for (const ImagingInstance& i : s.instances) {
      w.begin_object();
      w.field("uid", i.uid);
      w.begin_object("sopClass");
      w.field("system", kUriSystem);
      w.field("code", fmt::format("urn:oid:{}", i.sop_class_uid));
      w.end_object();
      if (i.number && *i.number >= 0) w.field_literal("number", std::to_string(*i.number));
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return out;
}

}  // namespace oncoshare::dicom
