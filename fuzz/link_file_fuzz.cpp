// libFuzzer target for the DICOM link file (dicom::parse_link_file) and the linker over it:
// every input is parsed; a table read is resolved id by id. Must never crash, hang or leak;
// every PatientID the table lists resolves, and errors always have a message.
#include <cstddef>
#include <cstdint>
#include <string>

#include "dicom/patient_link.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace oncoshare;
  static const privacy::Key site = privacy::Key::generate();
  core::Result<dicom::LinkTable> table =
      dicom::parse_link_file(std::string(reinterpret_cast<const char*>(data), size), "fuzz.csv");
  if (!table) {
    if (table.error().message.empty() || table.error().to_string().empty()) __builtin_trap();
    return 0;
  }
  const dicom::LinkTable copy = *table;
  privacy::DatePolicy dates;
  dates.mode = privacy::DateMode::shift;
  core::Result<dicom::PatientLinker> linker = dicom::PatientLinker::create(std::move(*table), {&site, nullptr}, dates);
  if (!linker) __builtin_trap();
  for (const auto& [patient, record] : copy.records) {
    core::Result<dicom::LinkedPatient> linked = linker->resolve(patient);
    if (!linked || linked->pseudonym.size() != 64 || linked->shift_days == 0) __builtin_trap();
  }
  return 0;
}
