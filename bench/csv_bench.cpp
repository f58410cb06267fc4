// CSV reader throughput next to `wc -l` on the same file, in the same run.
// Usage: csv_bench [MiB=256] [path]   (writes a REDCap-like CSV of the given size if no path)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <string>

#include "core/csv_reader.hpp"
#include "peak_memory.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// A registry-like file: ids, dates, codes, numbers, a quoted free-text column with commas,
// doubled quotes and the occasional embedded newline.
void write_sample(const std::string& path, std::uint64_t target_bytes) {
  std::ofstream out(path, std::ios::binary);
  out << "record_id,redcap_data_access_group,dob,sex,topography,stage,height,weight,notes,form_complete\n";
  std::uint64_t written = 0;
  for (std::uint64_t i = 0; written < target_bytes; ++i) {
    std::string row = fmt::format(
        "S1-{:07},site_{},19{:02}-{:02}-{:02},{},C50.{},{},{}.{},{},\"{}\",2\n", i, i % 5, 30 + i % 60,
        1 + i % 12, 1 + i % 28, i % 2, i % 10, 1 + i % 4, 150 + i % 50, i % 10, 50 + i % 70,
        i % 97 == 0 ? "multi-line\nnote, with \"\"quotes\"\"" : "free text, with a comma");
    out << row;
    written += row.size();
  }
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t mib = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 256;
  std::string path = argc > 2 ? argv[2] : "";
  bool generated = path.empty();
  if (generated) {
    path = (std::filesystem::temp_directory_path() / "oncoshare-csv-bench.csv").string();
    write_sample(path, mib << 20);
  }
  const double size_mb = static_cast<double>(std::filesystem::file_size(path)) / 1e6;

  // Baseline: wc -l over the same (now cached) file.
  auto start = Clock::now();
  std::string command = "wc -l < '" + path + "' > /dev/null";
  if (std::system(command.c_str()) != 0) return 1;
  const double wc_seconds = seconds_since(start);

  start = Clock::now();
  auto reader = oncoshare::core::CsvReader::open(path);
  if (!reader) {
    fmt::print(stderr, "{}\n", reader.error().to_string());
    return 2;
  }
  oncoshare::core::CsvRow row;
  std::uint64_t records = 0, fields = 0;
  oncoshare::core::ReadStatus status;
  while ((status = reader->next(row)) == oncoshare::core::ReadStatus::ok) {
    ++records;
    fields += row.fields.size();
  }
  if (status == oncoshare::core::ReadStatus::error) {
    fmt::print(stderr, "{}\n", reader->error().to_string());
    return 2;
  }
  const double csv_seconds = seconds_since(start);

  fmt::print("file: {:.1f} MB, {} records, {} fields\n", size_mb, records, fields);
  fmt::print("{:<22} {:>10} {:>12}\n", "reader", "MB/s", "peak RSS MiB");
  fmt::print("{:<22} {:>10.1f} {:>12}\n", "wc -l (baseline)", size_mb / wc_seconds, "-");
  fmt::print("{:<22} {:>10.1f} {:>12.1f}\n", "core::CsvReader", size_mb / csv_seconds,
             oncoshare::bench::peak_rss_mib());
  fmt::print("ratio CsvReader / wc -l: {:.2f}\n", wc_seconds / csv_seconds);
  if (generated) std::filesystem::remove(path);
  return 0;
}
