#include "dicom/deidentifier.hpp"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/oflog/oflog.h>

#include <array>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string_view>
#include <system_error>

#include "core/sodium.hpp"
#include "dicom/detail/burned_in.hpp"
#include "dicom/detail/cleaner.hpp"
#include "dicom/detail/dataset_walk.hpp"
#include "dicom/detail/method_attributes.hpp"

namespace oncoshare::dicom {
namespace {

core::Error refused(const std::string& input, std::string reason) {
  return core::bad_input(std::move(reason), core::Location{input});
}

std::string text_of(DcmItem& item, const DcmTagKey& tag) {
  OFString value;
  if (item.findAndGetOFString(tag, value).bad()) return {};
  return std::string(value.c_str(), value.length());
}

std::optional<int> integer_of(DcmItem& item, const DcmTagKey& tag) {
  std::string text = text_of(item, tag);
  while (!text.empty() && text.front() == ' ') text.erase(text.begin());
  if (!text.empty() && text.front() == '+') text.erase(text.begin());
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

InstanceRecord record_of(DcmItem& dataset) {
  InstanceRecord record;
  record.patient_pseudonym = text_of(dataset, DCM_PatientID);
  record.study_uid = text_of(dataset, DCM_StudyInstanceUID);
  record.series_uid = text_of(dataset, DCM_SeriesInstanceUID);
  record.sop_class_uid = text_of(dataset, DCM_SOPClassUID);
  record.sop_instance_uid = text_of(dataset, DCM_SOPInstanceUID);
  record.modality = text_of(dataset, DCM_Modality);
  record.study_date = text_of(dataset, DCM_StudyDate);
  record.study_time = text_of(dataset, DCM_StudyTime);
  record.series_number = integer_of(dataset, DCM_SeriesNumber);
  record.instance_number = integer_of(dataset, DCM_InstanceNumber);
  record.number_of_frames = integer_of(dataset, DCM_NumberOfFrames);
  return record;
}

// Whether `input` has the "DICM" prefix of a DICOM file (PS3.10 7.1) after its preamble.
bool has_dicm_prefix(const std::string& input) {
  std::ifstream in(input, std::ios::binary);
  std::array<char, 132> head{};
  in.read(head.data(), head.size());
  return in.gcount() == static_cast<std::streamsize>(head.size()) &&
         std::string_view(head.data() + 128, 4) == "DICM";
}

// Reads `input` keeping values longer than kMaxReadLength on disk. A file without the DICM
// prefix that DCMTK's detection cannot read is tried once more as a bare Implicit VR Little
// Endian data set, the default transfer syntax (PS3.5 10.1), which detection misreads when
// the first element is not a group 0008 one. Errors name the reason only.
core::Status load(DcmFileFormat& file, const std::string& input) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(input, ec)) return refused(input, "not a readable file");
  const OFFilename name(input.c_str());
  OFCondition status =
      file.loadFile(name, EXS_Unknown, EGL_noChange, kMaxReadLength, ERM_autoDetect);
  const bool dicm = has_dicm_prefix(input);
  if (status.bad() && !dicm) {
    file.clear();
    status =
        file.loadFile(name, EXS_LittleEndianImplicit, EGL_noChange, kMaxReadLength, ERM_dataset);
  }
  if (status.bad()) {
    return refused(
        input, dicm ? std::string("truncated or damaged DICOM file (") + status.text() + ")"
                    : std::string("not a DICOM file (no DICM prefix and no readable data set)"));
  }
  DcmMetaInfo& meta = *file.getMetaInfo();
  OFString declared;
  if (meta.card() > 0 && meta.findAndGetOFString(DCM_TransferSyntaxUID, declared).good() &&
      DcmXfer(declared.c_str()).getXfer() == EXS_Unknown) {
    return refused(input, "unknown transfer syntax in the file meta information");
  }
  if (file.getDataset()->getOriginalXfer() == EXS_Unknown)
    return refused(input, "unknown transfer syntax");
  if (file.getDataset()->card() == 0) return refused(input, "not a DICOM file (no data elements)");
  return {};
}

void silence_dcmtk_logging() {
  static const bool silenced = [] {
    OFLog::getLogger("dcmtk").setLogLevel(OFLogger::OFF_LOG_LEVEL);
    return true;
  }();
  (void)silenced;
}

}  // namespace

Deidentifier::Deidentifier(const privacy::Key& uid_key, DeidentifySettings settings,
                           PatientLookup lookup)
    : uid_key_(uid_key), settings_(settings), lookup_(std::move(lookup)) {
  core::ensure_sodium();
  silence_dcmtk_logging();
}

core::Result<DeidentifiedFile> Deidentifier::deidentify(const std::string& input,
                                                        const std::string& output) const {
  std::error_code ec;
  if (std::filesystem::exists(output, ec)) {
    return core::io_error("the output " + output + " exists already", core::Location{input});
  }
  const std::filesystem::path folder = std::filesystem::path(output).parent_path();
  if (!folder.empty() && !std::filesystem::is_directory(folder, ec)) {
    return core::io_error("the folder of the output " + output + " does not exist",
                          core::Location{input});
  }
  DcmFileFormat file;
  ONCOSHARE_TRY(load(file, input));
  DcmDataset& dataset = *file.getDataset();
  const E_TransferSyntax xfer = dataset.getOriginalXfer();

  if (!settings_.allow_burned_in) {
    const std::optional<std::string> reason =
        detail::burned_in_reason(text_of(dataset, DCM_BurnedInAnnotation),
                                 text_of(dataset, DCM_SOPClassUID), text_of(dataset, DCM_Modality));
    if (reason) return DeidentifiedFile{Outcome::burned_in, InstanceRecord{}, *reason};
  }

  core::Result<LinkedPatient> patient = lookup_(text_of(dataset, DCM_PatientID));
  if (!patient) {
    return refused(input, "the patient lookup refused this file's PatientID (no linked patient)");
  }

  detail::Cleaner cleaner;
  detail::collect_identifying(dataset, settings_.options, cleaner);
  const detail::WalkContext context{settings_.options, uid_key_, cleaner, patient->pseudonym,
                                    patient->shift_days};
  detail::apply_profile(dataset, context);
  dataset.putAndInsertString(DCM_PatientName, patient->pseudonym.c_str());
  dataset.putAndInsertString(DCM_PatientID, patient->pseudonym.c_str());
  detail::write_method_attributes(dataset, settings_.options);

  // A new meta header: (0002,0003) from the new SOP Instance UID, nothing of the original's
  // source / sending / private meta elements.
  const OFCondition saved = file.saveFile(OFFilename(output.c_str()), xfer, EET_ExplicitLength,
                                          EGL_recalcGL, EPD_noChange, 0, 0, EWM_createNewMeta);
  if (saved.bad()) {
    std::filesystem::remove(output, ec);
    return refused(
        input, std::string("cannot be written (") + saved.text() + "); the input may be truncated");
  }
  return DeidentifiedFile{Outcome::written, record_of(dataset), {}};
}

}  // namespace oncoshare::dicom
