// Helpers shared by the dicom tests: pydicom's sample files, a fixed key and patient lookup,
// files read back with DCMTK, commands run for their output.
#pragma once

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "dicom/dicom.hpp"
#include "privacy/privacy_test_support.hpp"

namespace oncoshare::dicom::test {

inline constexpr const char* kPydicomFiles =
    "/usr/lib/python3/dist-packages/pydicom/data/test_files";

// <pydicom test files>/<name>; skips the test (naming the folder) when the folder is absent.
[[nodiscard]] inline std::string pydicom_file(const std::string& name = {}) {
  std::error_code ec;
  if (!std::filesystem::is_directory(kPydicomFiles, ec)) {
    const std::string reason = std::string("pydicom test files folder ") + kPydicomFiles +
                               " is absent (install python3-pydicom, see scripts/bootstrap)";
    [&] { GTEST_SKIP() << reason; }();
    throw ::testing::AssertionException(::testing::TestPartResult(
        ::testing::TestPartResult::kSkip, __FILE__, __LINE__, reason.c_str()));
  }
  return name.empty() ? std::string(kPydicomFiles) : std::string(kPydicomFiles) + "/" + name;
}

[[nodiscard]] inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// Standard output of a shell command (stderr merged when `merge_stderr`).
[[nodiscard]] inline std::string shell(const std::string& command, bool merge_stderr = false) {
  std::string out;
  FILE* pipe = ::popen((command + (merge_stderr ? " 2>&1" : " 2>/dev/null")).c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  ::pclose(pipe);
  return out;
}

inline constexpr std::int32_t kShiftDays = -137;

// Every patient is linked: pseudonym = HMAC of the DICOM PatientID under a fixed key, shift
// kShiftDays.
[[nodiscard]] inline PatientLookup linked_lookup() {
  return [](std::string_view id) -> core::Result<LinkedPatient> {
    static const privacy::Key key = privacy::test::make_key(0x42);
    return LinkedPatient{privacy::pseudonym(key, id), kShiftDays};
  };
}

// The UID key most tests use.
[[nodiscard]] inline const privacy::Key& uid_key() {
  static const privacy::Key key = privacy::test::make_key(0x17);
  return key;
}

// A top-level string attribute of a file read back with DCMTK ("" when absent or unreadable).
[[nodiscard]] inline std::string attribute(const std::string& path, const DcmTagKey& tag) {
  DcmFileFormat file;
  if (file.loadFile(OFFilename(path.c_str())).bad()) return {};
  OFString value;
  if (file.getDataset()->findAndGetOFStringArray(tag, value, OFFalse).bad()) return {};
  return value.c_str();
}

// `input` de-identified into `output` with `settings`, the UID key `key` and linked_lookup().
[[nodiscard]] inline core::Result<DeidentifiedFile> deidentify(
    const std::string& input, const std::string& output, DeidentifySettings settings = {},
    const privacy::Key& key = uid_key()) {
  const Deidentifier deidentifier(key, settings, linked_lookup());
  return deidentifier.deidentify(input, output);
}

// A top-level string attribute of the pydicom sample file `name`.
[[nodiscard]] inline std::string input_attribute(const std::string& name, const DcmTagKey& tag) {
  return attribute(pydicom_file(name), tag);
}

// A copy of the pydicom sample `name` at `path`, edited with DCMTK by `edit(DcmFileFormat&)`,
// saved in its own transfer syntax with its meta header as edited.
template <class Edit>
[[nodiscard]] std::string edited_copy(const std::string& name, const std::string& path, Edit edit) {
  DcmFileFormat file;
  EXPECT_TRUE(file.loadFile(OFFilename(pydicom_file(name).c_str())).good());
  edit(file);
  EXPECT_TRUE(file.saveFile(OFFilename(path.c_str()), EXS_Unknown, EET_ExplicitLength, EGL_recalcGL,
                            EPD_noChange, 0, 0, EWM_dontUpdateMeta)
                  .good());
  return path;
}

}  // namespace oncoshare::dicom::test

// The helpers every de-identifier test calls, by their short names in the tests' namespace.
namespace oncoshare::dicom {
using test::attribute;
using test::deidentify;
using test::edited_copy;
using test::input_attribute;
using test::pydicom_file;
}  // namespace oncoshare::dicom
