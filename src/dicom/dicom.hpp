// DICOM de-identification (PS3.15 Annex E): the profile table, keyed UIDs and the
// de-identifier that rewrites one file. See docs/dicom.md.
#pragma once

#include "dicom/deidentifier.hpp"     // IWYU pragma: export
#include "dicom/instance_record.hpp"  // IWYU pragma: export
#include "dicom/linked_patient.hpp"   // IWYU pragma: export
#include "dicom/profile.hpp"          // IWYU pragma: export
#include "dicom/uid_mapper.hpp"       // IWYU pragma: export
