// Who a record becomes in the FHIR output: its keyed pseudonym and the id of its Patient
// resource. Every output that must name the same patient (FHIR, OMOP, DICOM) derives them here.
#pragma once

#include <string>
#include <string_view>

#include "privacy/pseudonym.hpp"

namespace oncoshare::fhir {

// The pseudonyms of one conversion: the site key, and the project key for two-stage
// pseudonyms (nullptr: one stage).
struct PseudonymKeys {
  const privacy::Key* site = nullptr;
  const privacy::Key* project = nullptr;
};

// The pseudonym of `record_id`: privacy::pseudonym(site, record_id), or the two-stage
// pseudonym(site, project, record_id) when keys.project is set. Precondition: keys.site is set.
[[nodiscard]] std::string make_pseudonym(const PseudonymKeys& keys, std::string_view record_id);

// The id of the Patient resource of the patient with this pseudonym (a UUIDv5 of
// "<pseudonym>/Patient" in kOncoshareNamespace); bundles are named after it.
[[nodiscard]] std::string patient_resource_id(std::string_view pseudonym);

}  // namespace oncoshare::fhir
