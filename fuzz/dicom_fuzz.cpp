// libFuzzer target for the DICOM de-identifier: every input is written to a file and
// de-identified (burned-in instances allowed, every option on). Must never crash, hang or
// leak; an error must name the input and leave no output; a written output must read back.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "dicom/dicom.hpp"

namespace {

const oncoshare::privacy::Key& key() {
  static const oncoshare::privacy::Key k;  // all-zero bytes: any fixed key will do
  return k;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace dicom = oncoshare::dicom;
  static const std::string folder = [] {
    std::string pattern =
        std::filesystem::temp_directory_path().string() + "/oncoshare-dicom-fuzz-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) __builtin_trap();
    return pattern;
  }();
  const std::string input = folder + "/in.dcm";
  const std::string output = folder + "/out.dcm";
  std::ofstream(input, std::ios::binary)
      .write(reinterpret_cast<const char*>(data), std::streamsize(size));
  const dicom::Deidentifier deidentifier(
      key(), dicom::DeidentifySettings{dicom::ProfileOptions{true, true, true, true}, true},
      [](std::string_view id) -> oncoshare::core::Result<dicom::LinkedPatient> {
        return dicom::LinkedPatient{"P" + std::to_string(id.size()), 42};
      });
  const auto result = deidentifier.deidentify(input, output);
  std::error_code ec;
  if (!result) {
    if (result.error().where.file != input || std::filesystem::exists(output, ec)) __builtin_trap();
  }
  std::filesystem::remove(output, ec);
  std::filesystem::remove(input, ec);
  return 0;
}
