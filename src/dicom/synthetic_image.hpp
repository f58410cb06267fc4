// Synthetic DICOM instances for the demo and the benchmark: a CT image with the identifying
// attributes the profile acts on (name, IDs, birth date, institution, physician, dates,
// UIDs), made by oncoshare itself so that neither needs image files from elsewhere.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.hpp"

namespace oncoshare::dicom {

struct SyntheticImage {
  std::string patient_id;    // (0010,0020); the name is derived from it
  std::string study_date;    // (0008,0020) DICOM DA "YYYYMMDD"
  std::string study_uid;     // (0020,000D)
  std::string series_uid;    // (0020,000E)
  std::string instance_uid;  // (0008,0018)
  std::uint16_t rows = 64;
  std::uint16_t columns = 64;
  std::uint32_t frames = 1;  // 16-bit frames of rows x columns pixels
};

// Writes `image` to `path` (Explicit VR Little Endian, Burned In Annotation NO) with a
// deterministic pixel pattern. Holds the whole pixel data in memory while writing.
// Errors (io): DCMTK cannot build or save the file.
[[nodiscard]] core::Status write_synthetic_image(const SyntheticImage& image, const std::string& path);

}  // namespace oncoshare::dicom

namespace oncoshare::dicom {

struct SyntheticStudies {
  std::uint64_t patients = 0;
  std::uint64_t instances = 0;
};

// Synthetic CT studies for the first `patients` records of a REDCap export (flat, with
// `record_id` and `date_column` columns) that have a valid date in that column: for each, a
// hospital number MRN<n>, one study on that date with two series of `per_series` instances,
// written below `images_dir` (<MRN>/<series>/<n>.dcm); and `link_csv`, the link file
// (dicom_patient_id,record_id) `oncoshare dicom deidentify --link` reads. `images_dir`
// must exist. Errors: the export cannot be read or lacks a column (bad_input naming the
// file and column); a file cannot be written (io).
[[nodiscard]] core::Result<SyntheticStudies> write_synthetic_studies(const std::string& export_csv,
                                                                     const std::string& date_column,
                                                                     std::uint64_t patients,
                                                                     std::uint64_t per_series,
                                                                     const std::string& images_dir,
                                                                     const std::string& link_csv);

}  // namespace oncoshare::dicom
