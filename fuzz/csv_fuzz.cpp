// libFuzzer target for core::CsvReader: every input is parsed to the end (or to its first
// error) with both require_rectangular settings. Must never crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/csv_reader.hpp"

namespace {

void parse_all(const std::string& data, bool rectangular) {
  oncoshare::core::CsvOptions options;
  options.require_rectangular = rectangular;
  options.max_record_bytes = 1u << 16;  // small, so the length limit is exercised too
  auto reader = oncoshare::core::CsvReader::from_string(data, "fuzz.csv", options);
  oncoshare::core::CsvRow row;
  oncoshare::core::ReadStatus status;
  while ((status = reader.next(row)) == oncoshare::core::ReadStatus::ok) {
    if (rectangular && row.index > 1 && row.fields.empty()) __builtin_trap();  // never empty
  }
  if (status == oncoshare::core::ReadStatus::error) {
    // Errors must carry a position and a message; to_string() must not throw.
    if (reader.error().message.empty() || reader.error().to_string().empty()) __builtin_trap();
    // A failed reader stays failed.
    if (reader.next(row) != oncoshare::core::ReadStatus::error) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  const std::string data(reinterpret_cast<const char*>(bytes), size);
  parse_all(data, true);
  parse_all(data, false);
  return 0;
}
