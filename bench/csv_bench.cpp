// Reading a REDCap export, timed as users run it: `oncoshare ingest --dictionary D --data F`
// (the summary, no output file) as a whole process, next to `wc -l F` and `cat F` on the
// same file in the same run; the bare core::CsvReader in process is an extra figure.
// Usage: csv_bench [patients=100000] [dictionary.csv export.csv]
//   Without files, writes the export with `oncoshare synth --sites 1` (100,000 patients is
//   about 34 MB).
#include <fmt/format.h>

#include <cstdint>
#include <cstdlib>

#include "core/csv_reader.hpp"
#include "scratch_dir.hpp"
#include "synthetic_cohort.hpp"
#include "throughput_table.hpp"

namespace bench = oncoshare::bench;
using bench::FigureKind;

namespace {

// The records of `path` through core::CsvReader; false on a read error.
bool read_all(const std::string& path) {
  auto reader = oncoshare::core::CsvReader::open(path);
  if (!reader) return false;
  oncoshare::core::CsvRow row;
  oncoshare::core::ReadStatus status;
  while ((status = reader->next(row)) == oncoshare::core::ReadStatus::ok) {
  }
  return status == oncoshare::core::ReadStatus::end;
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t patients = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  const bench::ScratchDir scratch("csv-bench");
  bench::SyntheticCohort cohort;
  if (argc > 3) {
    cohort.dictionary = argv[2];
    cohort.exports = {argv[3]};
    cohort.megabytes = static_cast<double>(std::filesystem::file_size(argv[3])) / 1e6;
  } else {
    cohort = bench::SyntheticCohort::make(scratch.path() + "/cohort", patients);
  }
  const std::string& data = cohort.exports.front();
  fmt::print("csv_bench: {} ({:.1f} MB{}), median of 3 runs each\n", data, cohort.megabytes,
             cohort.rows ? fmt::format(", {} rows", cohort.rows) : "");
  bench::ThroughputTable table("rows", static_cast<double>(cohort.rows), cohort.megabytes);
  const std::string log = scratch.path() + "/run.log";
  table.run(FigureKind::baseline, "wc -l FILE", {"wc", "-l", data}, log);
  table.run(FigureKind::baseline, "cat FILE > /dev/null", {"cat", data}, log, {.stdout_path = "/dev/null"});
  table.run(FigureKind::command, "oncoshare ingest --dictionary D --data FILE",
            {ONCOSHARE_BINARY, "ingest", "--dictionary", cohort.dictionary, "--data", data}, log);
  table.run_in_process("core::CsvReader over FILE", [&] { return read_all(data); });
  table.print();
  return 0;
}
