// Ingest throughput and memory next to a line-count baseline and the bare CSV reader, on
// the same file in the same run.
// Usage: ingest_bench [records=300000] [dictionary.csv export.csv]
//   Without files, writes a REDCap-style raw export (DAG, two forms, a checkbox, quoted
//   free text) for a built-in registry dictionary. 1000000 records is about 150 MB.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <string>
#include <vector>

#include "core/csv_reader.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "ingest/ingest.hpp"
#include "peak_memory.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using oncoshare::dictionary::Choice;
using oncoshare::dictionary::Dictionary;
using oncoshare::dictionary::FieldType;
using oncoshare::dictionary::Variable;

Dictionary registry_dictionary() {
  Dictionary d;
  const auto add = [&](std::string name, std::string form, FieldType type,
                       std::vector<Choice> choices = {}) {
    Variable v;
    v.name = std::move(name);
    v.form = std::move(form);
    v.type = type;
    v.label = v.name;
    v.choices = std::move(choices);
    d.add(std::move(v));
  };
  add("record_id", "patient", FieldType::text);
  add("dob", "patient", FieldType::text);
  add("sex", "patient", FieldType::radio, {{"0", "Female", {}}, {"1", "Male", {}}});
  add("diagnosis_date", "diagnosis", FieldType::text);
  add("topography", "diagnosis", FieldType::dropdown,
      {{"C50.1", "Breast, central", {}}, {"C50.4", "Breast, upper-outer", {}}, {"C34.1", "Lung, upper lobe", {}}});
  add("stage", "diagnosis", FieldType::dropdown,
      {{"1", "I", {}}, {"2", "II", {}}, {"3", "III", {}}, {"4", "IV", {}}});
  add("treatment", "diagnosis", FieldType::checkbox,
      {{"1", "Surgery", {}}, {"2", "Chemotherapy", {}}, {"3", "Radiotherapy", {}},
       {"4", "Hormone", {}}, {"5", "Immunotherapy", {}}});
  add("height", "diagnosis", FieldType::text);
  add("weight", "diagnosis", FieldType::text);
  add("notes", "diagnosis", FieldType::notes);
  return d;
}

void write_export(const std::string& path, std::uint64_t records) {
  std::ofstream out(path, std::ios::binary);
  out << "record_id,redcap_data_access_group,dob,sex,patient_complete,diagnosis_date,topography,"
         "stage,treatment___1,treatment___2,treatment___3,treatment___4,treatment___5,height,"
         "weight,notes,diagnosis_complete\n";
  static const char* kTopography[] = {"C50.1", "C50.4", "C34.1"};
  for (std::uint64_t i = 0; i < records; ++i) {
    out << fmt::format(
        "{},site_{},19{:02}-{:02}-{:02},{},2,20{:02}-{:02}-{:02},{},{},{},{},{},{},{},{}.{},{},"
        "\"{}\",{}\n",
        1000000 + i, i % 5, 30 + i % 60, 1 + i % 12, 1 + i % 28, i % 2, 10 + i % 14, 1 + i % 12,
        1 + i % 28, kTopography[i % 3], 1 + i % 4, i % 2, i % 3 == 0, i % 5 == 0, 0, i % 7 == 0,
        150 + i % 50, i % 10, 50 + i % 70,
        i % 11 == 0 ? "follow-up, \"\"see letter\"\"" : "no change, stable", i % 3);
  }
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Row {
  std::string phase;
  double seconds;
  double mb;
  std::uint64_t items;
  std::string unit;
  double rss_mib;
};

void print(const std::vector<Row>& rows) {
  fmt::print("{:<34} {:>9} {:>10} {:>14} {:>12}\n", "phase", "seconds", "MB/s", "items/s",
             "peak RSS MiB");
  for (const Row& r : rows) {
    fmt::print("{:<34} {:>9.3f} {:>10.1f} {:>14} {:>12.1f}\n", r.phase, r.seconds, r.mb / r.seconds,
               r.items ? fmt::format("{:.0f} {}", static_cast<double>(r.items) / r.seconds, r.unit)
                       : std::string("-"),
               r.rss_mib);
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace oncoshare;
  const std::uint64_t records = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 300000;
  std::string path;
  Dictionary dict;
  if (argc > 3) {
    auto read = dictionary::read_redcap_dictionary(argv[2]);
    if (!read) {
      fmt::print(stderr, "{}\n", read.error().to_string());
      return 2;
    }
    dict = std::move(*read);
    path = argv[3];
  } else {
    dict = registry_dictionary();
    path = (std::filesystem::temp_directory_path() / "oncoshare-ingest-bench.csv").string();
    const auto start = Clock::now();
    write_export(path, records);
    fmt::print("generated {} records in {:.1f} s: {}\n", records, seconds_since(start), path);
  }
  const auto bytes = std::filesystem::file_size(path);
  const double mb = static_cast<double>(bytes) / 1e6;
  fmt::print("input {:.1f} MB, peak RSS before reading {:.1f} MiB\n\n", mb, bench::peak_rss_mib());
  std::vector<Row> rows;

  // Baseline: what `wc -l` does (read() and count '\n'), on the now cached file.
  auto start = Clock::now();
  std::uint64_t lines = 0;
  {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 2;
    std::vector<char> buffer(1 << 20);
    ssize_t got;
    while ((got = ::read(fd, buffer.data(), buffer.size())) > 0) {
      for (ssize_t i = 0; i < got; ++i) lines += buffer[static_cast<std::size_t>(i)] == '\n';
    }
    ::close(fd);
  }
  rows.push_back({"baseline: read() + count '\\n'", seconds_since(start), mb, lines, "lines",
                  bench::peak_rss_mib()});

  start = Clock::now();
  std::uint64_t csv_rows = 0;
  {
    auto csv = core::CsvReader::open(path);
    if (!csv) return 2;
    core::CsvRow row;
    core::ReadStatus status;
    while ((status = csv->next(row)) == core::ReadStatus::ok) ++csv_rows;
    if (status == core::ReadStatus::error) {
      fmt::print(stderr, "{}\n", csv->error().to_string());
      return 2;
    }
  }
  rows.push_back({"core::CsvReader", seconds_since(start), mb, csv_rows, "rows",
                  bench::peak_rss_mib()});

  // ExportReader alone: RSS at 10% of the input and at the end shows memory is flat.
  start = Clock::now();
  std::uint64_t n = 0;
  double rss_at_10 = 0;
  double seconds_at_10 = 0;
  {
    auto reader = ingest::ExportReader::open(path, dict);
    if (!reader) {
      fmt::print(stderr, "{}\n", reader.error().to_string());
      return 2;
    }
    ingest::Record record;
    core::ReadStatus status;
    while ((status = reader->next(record)) == core::ReadStatus::ok) {
      ++n;
      if (rss_at_10 == 0 && reader->bytes_read() * 10 >= bytes) {
        rss_at_10 = bench::peak_rss_mib();
        seconds_at_10 = seconds_since(start);
      }
    }
    if (status == core::ReadStatus::error) {
      fmt::print(stderr, "{}\n", reader->error().to_string());
      return 2;
    }
  }
  rows.push_back({"ingest::ExportReader @10% input", seconds_at_10, mb / 10, n / 10, "records",
                  rss_at_10});
  rows.push_back({"ingest::ExportReader @100% input", seconds_since(start), mb, n, "records",
                  bench::peak_rss_mib()});

  // With the summary: its distinct-record set is the one thing that grows (per record id).
  start = Clock::now();
  {
    auto reader = ingest::ExportReader::open(path, dict);
    if (!reader) return 2;
    ingest::SummaryBuilder summary;
    ingest::Record record;
    while (reader->next(record) == core::ReadStatus::ok) summary.add(reader->layout(), record);
    const auto s = summary.finish(reader->layout());
    if (s.rows != n) return 3;
  }
  rows.push_back({"ExportReader + IngestSummary", seconds_since(start), mb, n, "records",
                  bench::peak_rss_mib()});

  print(rows);
  fmt::print("\nRSS growth from 10% to 100% of the input while reading: {:+.1f} MiB\n",
             rows[3].rss_mib - rows[2].rss_mib);
  if (argc <= 3) std::filesystem::remove(path);
  return 0;
}
