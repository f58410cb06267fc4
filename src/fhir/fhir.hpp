// oncoshare fhir: REDCap exports to FHIR R4 resources with mCODE 4.0.0 profiles, as
// transaction Bundles (one per patient) or Bulk Data NDJSON, with pseudonymised patient
// identifiers and a date policy. User documentation: docs/fhir.md.
#pragma once

#include "fhir/converter.hpp"
#include "fhir/output.hpp"
#include "fhir/patient_converter.hpp"
#include "fhir/patient_identity.hpp"
#include "fhir/plan.hpp"
#include "fhir/target.hpp"
#include "fhir/uuid.hpp"
