// DICOM files of the clinical cohort (PS3.15 Annex E): the profile table, keyed UIDs, the
// de-identifier that rewrites one file and the run over a folder; the link of a file's
// patient to their pseudonymised clinical record; FHIR ImagingStudy output; synthetic
// studies for trying it. See docs/dicom.md.
#pragma once

#include "dicom/deidentifier.hpp"     // IWYU pragma: export
#include "dicom/folder_run.hpp"       // IWYU pragma: export
#include "dicom/imaging_output.hpp"   // IWYU pragma: export
#include "dicom/imaging_study.hpp"    // IWYU pragma: export
#include "dicom/instance_record.hpp"  // IWYU pragma: export
#include "dicom/linked_patient.hpp"   // IWYU pragma: export
#include "dicom/patient_link.hpp"     // IWYU pragma: export
#include "dicom/profile.hpp"          // IWYU pragma: export
#include "dicom/synthetic_image.hpp"  // IWYU pragma: export
#include "dicom/uid_mapper.hpp"       // IWYU pragma: export
