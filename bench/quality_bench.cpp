// Quality-check throughput and memory next to a plain CsvReader read of the same file in
// the same run, at two sizes (memory should not grow with the number of records).
// Usage: quality_bench [records=50000] [variables=200]
//   Writes a REDCap-style raw export with `variables` fields (dates with min/max, integers,
//   1-decimal numbers, dropdowns, bounded text, a branching field) over 4 forms, and runs
//   every check with a two-rule rules file. The target is 1,000,000 x 200
//   (about 1.5 GB): pass it explicitly.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <string>

#include "core/csv_reader.hpp"
#include "peak_memory.hpp"
#include "quality/quality.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace dictionary = oncoshare::dictionary;
namespace quality = oncoshare::quality;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string form_of(std::size_t i, std::size_t n) { return fmt::format("form_{}", i * 4 / n); }

dictionary::Dictionary make_dictionary(std::size_t n) {
  dictionary::Dictionary d;
  for (std::size_t i = 0; i < n; ++i) {
    dictionary::Variable v;
    v.name = i == 0 ? "record_id" : fmt::format("v{}", i);
    v.form = form_of(i, n);
    v.label = v.name;
    switch (i == 0 ? 9 : i % 5) {
      case 0: v.validation = {dictionary::ValidationKind::date_ymd, "date_ymd", {}, "1990-01-01", "2024-12-31"}; break;
      case 1: v.validation = {dictionary::ValidationKind::integer, "integer", {}, "0", "300"}; break;
      case 2: v.validation = {dictionary::ValidationKind::number, "number_1dp", 1, "10", "250"}; break;
      case 3:
        v.type = dictionary::FieldType::dropdown;
        v.choices = {{"1", "a", {}}, {"2", "b", {}}, {"3", "c", {}}};
        v.mapping.requirement = dictionary::Requirement::mandatory;
        break;
      case 4:
        v.mapping.max_length = 12;
        if (i % 20 == 4) v.branching_logic = fmt::format("[v{}] = '1'", i - 1);
        break;
      default: v.mapping.requirement = dictionary::Requirement::minimal; break;
    }
    d.add(std::move(v));
  }
  return d;
}

void write_export(const std::string& path, const dictionary::Dictionary& d, std::uint64_t records) {
  std::ofstream out(path, std::ios::binary);
  const auto columns = d.export_columns();
  std::string line = "record_id,redcap_data_access_group";
  for (std::size_t c = 1; c < columns.size(); ++c) line += "," + columns[c];
  out << line << "\n";
  const std::size_t n = d.variables().size();
  for (std::uint64_t r = 0; r < records; ++r) {
    line = fmt::format("{},site_{}", 100000 + r, r % 3);
    for (std::size_t i = 1; i < n; ++i) {
      const std::uint64_t k = r + i;
      switch (i % 5) {
        case 0: line += fmt::format(",20{:02}-{:02}-{:02}", k % 24, 1 + k % 12, 1 + k % 28); break;
        case 1: line += fmt::format(",{}", k % 290 + (k % 997 == 0 ? 400 : 0)); break;
        case 2: line += fmt::format(",{}.{}", 20 + k % 200, k % 10); break;
        case 3: line += fmt::format(",{}", 1 + k % 3); break;
        case 4: line += (i % 20 == 4 && (r + i - 1) % 3 != 0) ? "," : fmt::format(",t{}", k % 1000); break;
      }
      if (i + 1 == n || form_of(i + 1, n) != form_of(i, n)) line += ",2";
    }
    out << line << "\n";
  }
}

struct Timing {
  double seconds = 0;
  std::uint64_t cells = 0;
};

Timing plain_read(const std::string& path) {
  const auto start = Clock::now();
  auto csv = oncoshare::core::CsvReader::open(path);
  if (!csv) std::exit(2);
  oncoshare::core::CsvRow row;
  Timing t;
  while (csv->next(row) == oncoshare::core::ReadStatus::ok) t.cells += row.fields.size();
  t.seconds = seconds_since(start);
  return t;
}

Timing quality_run(const std::string& path, const dictionary::Dictionary& d, const std::string& rules,
                   std::uint64_t& failures) {
  const auto start = Clock::now();
  quality::QualityOptions options;
  options.rules = rules;
  auto checker = quality::QualityChecker::create(d, options);
  if (!checker) {
    fmt::print(stderr, "{}\n", checker.error().to_string());
    std::exit(2);
  }
  failures = 0;
  auto status = checker->check_file(path, [&](const quality::Failure&) { ++failures; });
  if (!status) {
    fmt::print(stderr, "{}\n", status.error().to_string());
    std::exit(2);
  }
  const quality::QualityReport report = checker->finish();
  return {seconds_since(start), report.cells_checked};
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t records = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 50000;
  const std::size_t variables = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 200;
  const dictionary::Dictionary d = make_dictionary(variables);
  const std::string dir = std::filesystem::temp_directory_path() / "oncoshare_quality_bench";
  std::filesystem::create_directories(dir);
  const std::string rules = dir + "/rules.csv";
  std::ofstream(rules) << "id,logic\nd_order,[v5] <= [v10]\nrange_pair,[v1] <= [v6] or [v6] > 0\n";
  fmt::print("quality_bench: {} variables, sizes {} and {} records\n", variables, records / 10, records);
  fmt::print("{:>9} {:>8} {:>12} {:>12} {:>10} {:>7} {:>9}\n", "records", "MB", "read Mcell/s",
             "QC Mcell/s", "QC/read", "fails", "peakMiB");
  for (std::uint64_t n : {records / 10, records}) {
    const std::string path = dir + fmt::format("/export_{}.csv", n);
    write_export(path, d, n);
    const double mb = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
    const Timing read = plain_read(path);
    std::uint64_t failures = 0;
    const Timing qc = quality_run(path, d, rules, failures);
    // Throughput of both over the export's cells (the QC cell count also counts checkbox choices).
    fmt::print("{:>9} {:>8.1f} {:>12.2f} {:>12.2f} {:>9.2f}x {:>7} {:>9.1f}\n", n, mb,
               static_cast<double>(read.cells) / read.seconds / 1e6,
               static_cast<double>(read.cells) / qc.seconds / 1e6, qc.seconds / read.seconds, failures,
               oncoshare::bench::peak_rss_mib());
    std::filesystem::remove(path);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
