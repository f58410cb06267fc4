#include "dicom/synthetic_image.hpp"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <fmt/format.h>

#include <filesystem>
#include <set>
#include <string_view>
#include <vector>

#include "core/atomic_output.hpp"
#include "core/civil_date.hpp"
#include "core/csv_reader.hpp"
#include "dictionary/redcap_dictionary_writer.hpp"

namespace oncoshare::dicom {

core::Status write_synthetic_image(const SyntheticImage& image, const std::string& path) {
  DcmFileFormat file;
  DcmDataset* d = file.getDataset();
  bool ok = true;
  const auto put = [d, &ok](const DcmTagKey& tag, const std::string& value) {
    ok = ok && d->putAndInsertString(tag, value.c_str()).good();
  };
  put(DCM_SOPClassUID, UID_CTImageStorage);
  put(DCM_SOPInstanceUID, image.instance_uid);
  put(DCM_StudyInstanceUID, image.study_uid);
  put(DCM_SeriesInstanceUID, image.series_uid);
  put(DCM_FrameOfReferenceUID, image.study_uid + ".9");
  put(DCM_PatientID, image.patient_id);
  put(DCM_PatientName, "Synthetic^" + image.patient_id);
  put(DCM_PatientBirthDate, "19600101");
  put(DCM_PatientSex, "F");
  put(DCM_StudyDate, image.study_date);
  put(DCM_SeriesDate, image.study_date);
  put(DCM_StudyTime, "101500");
  put(DCM_AccessionNumber, "ACC-" + image.patient_id);
  put(DCM_StudyID, "1");
  put(DCM_InstitutionName, "Synthetic General Hospital");
  put(DCM_ReferringPhysicianName, "Referrer^Synthetic");
  put(DCM_StudyDescription, "CT chest " + image.patient_id);
  put(DCM_Modality, "CT");
  put(DCM_Manufacturer, "oncoshare");
  put(DCM_BurnedInAnnotation, "NO");
  put(DCM_ImageType, "ORIGINAL\\PRIMARY\\AXIAL");
  put(DCM_PhotometricInterpretation, "MONOCHROME2");
  put(DCM_NumberOfFrames, std::to_string(image.frames));
  ok = ok && d->putAndInsertUint16(DCM_SamplesPerPixel, 1).good() &&
       d->putAndInsertUint16(DCM_Rows, image.rows).good() && d->putAndInsertUint16(DCM_Columns, image.columns).good() &&
       d->putAndInsertUint16(DCM_BitsAllocated, 16).good() && d->putAndInsertUint16(DCM_BitsStored, 12).good() &&
       d->putAndInsertUint16(DCM_HighBit, 11).good() && d->putAndInsertUint16(DCM_PixelRepresentation, 0).good();
  const std::size_t pixels = std::size_t{image.rows} * image.columns * image.frames;
  std::vector<Uint16> data(pixels);
  for (std::size_t i = 0; i < pixels; ++i) data[i] = static_cast<Uint16>(((i * 2654435761u) >> 20) & 0x0FFF);
  ok = ok && d->putAndInsertUint16Array(DCM_PixelData, data.data(), static_cast<unsigned long>(pixels)).good();
  if (!ok) return core::io_error(fmt::format("{}: cannot build the synthetic image", path));
  if (file.saveFile(path.c_str(), EXS_LittleEndianExplicit).bad()) {
    return core::io_error(fmt::format("{}: cannot write the synthetic image", path));
  }
  return {};
}

}  // namespace oncoshare::dicom

namespace oncoshare::dicom {

namespace {

// The column of `name` in the header row, or an error naming the file and column.
core::Result<std::size_t> column_of(const core::CsvRow& header, const std::string& name, const std::string& file) {
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    if (header.fields[i] == name) return i;
  }
  return core::bad_input(fmt::format("the export has no column '{}'", name), {file, 1, 0, name});
}

}  // namespace

core::Result<SyntheticStudies> write_synthetic_studies(const std::string& export_csv, const std::string& date_column,
                                                       std::uint64_t patients, std::uint64_t per_series,
                                                       const std::string& images_dir, const std::string& link_csv) {
  core::Result<core::CsvReader> reader = core::CsvReader::open(export_csv);
  if (!reader) return reader.error();
  core::CsvRow row;
  const core::ReadStatus header = reader->next(row);
  if (header == core::ReadStatus::error) return reader->error();
  if (header == core::ReadStatus::end) return core::bad_input("the export is empty", {export_csv});
  core::Result<std::size_t> id_column = column_of(row, "record_id", export_csv);
  if (!id_column) return id_column.error();
  core::Result<std::size_t> day_column = column_of(row, date_column, export_csv);
  if (!day_column) return day_column.error();

  SyntheticStudies made;
  std::set<std::string> seen;
  std::string link = "dicom_patient_id,record_id\n";
  core::ReadStatus status = core::ReadStatus::ok;
  while (made.patients < patients && (status = reader->next(row)) == core::ReadStatus::ok) {
    const std::string& record = row.fields[*id_column];
    std::string date = row.fields[*day_column];
    if (seen.contains(record) || !core::parse_iso_date(date)) continue;
    seen.insert(record);
    std::erase(date, '-');
    const std::uint64_t n = ++made.patients;
    const std::string mrn = fmt::format("MRN{:06}", n);
    const std::string study = fmt::format("1.2.826.0.1.3680043.10.3.{}", n);
    for (int series = 1; series <= 2; ++series) {
      const std::string folder = fmt::format("{}/{}/{}", images_dir, mrn, series);
      std::error_code ec;
      std::filesystem::create_directories(folder, ec);
      if (ec) return core::io_error(fmt::format("{}: cannot create: {}", folder, ec.message()));
      for (std::uint64_t i = 1; i <= per_series; ++i) {
        const SyntheticImage image{mrn, date, study, fmt::format("{}.{}", study, series),
                                   fmt::format("{}.{}.{}", study, series, i)};
        if (core::Status written = write_synthetic_image(image, fmt::format("{}/{}.dcm", folder, i)); !written) {
          return written.error();
        }
        ++made.instances;
      }
    }
    dictionary::append_redcap_csv_row(link, std::vector<std::string_view>{mrn, record});
  }
  if (status == core::ReadStatus::error) return reader->error();
  if (core::Status written = core::write_file_atomically(link_csv, link); !written) return written.error();
  return made;
}

}  // namespace oncoshare::dicom
