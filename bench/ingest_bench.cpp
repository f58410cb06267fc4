// Ingest timed as users run it, file in and file out: `oncoshare ingest --dictionary D
// --data F --out records.ndjson` as a whole process, next to `cp F copy.csv` on the same
// file in the same run, at two sizes (N/10 and N patients: peak memory should not grow with
// the input). The same work in process (ExportReader, IngestSummary, NDJSON), with and
// without the output file, are extra figures.
// Usage: ingest_bench [patients=100000]
//   The exports are written by `oncoshare synth --sites 1` (100,000 patients is about 34 MB).
#include <fmt/format.h>

#include <cstdint>
#include <cstdlib>
#include <optional>

#include "core/atomic_output.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "ingest/ingest.hpp"
#include "scratch_dir.hpp"
#include "synthetic_cohort.hpp"
#include "throughput_table.hpp"

namespace bench = oncoshare::bench;
namespace ingest = oncoshare::ingest;
using bench::FigureKind;

namespace {

// What the command does, in process: read every record, summarise it and, when `out` is
// given, write it as NDJSON there.
bool ingest_file(const std::string& dictionary, const std::string& data, const std::string& out) {
  auto dict = oncoshare::dictionary::read_redcap_dictionary(dictionary);
  if (!dict) return false;
  auto reader = ingest::ExportReader::open(data, *dict);
  if (!reader) return false;
  std::optional<oncoshare::core::AtomicFile> file;
  if (!out.empty()) {
    auto created = oncoshare::core::AtomicFile::create(out);
    if (!created) return false;
    file.emplace(std::move(*created));
  }
  ingest::SummaryBuilder summary;
  ingest::Record record;
  std::string line;
  oncoshare::core::ReadStatus status;
  while ((status = reader->next(record)) == oncoshare::core::ReadStatus::ok) {
    summary.add(reader->layout(), record);
    if (file) {
      line.clear();
      ingest::append_ndjson(reader->layout(), record, line);
      file->write(line);
    }
  }
  (void)summary.finish(reader->layout());
  return status == oncoshare::core::ReadStatus::end && (!file || file->commit());
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t patients = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  const bench::ScratchDir scratch("ingest-bench");
  fmt::print("ingest_bench: median of 3 runs each\n");
  for (const std::uint64_t n : {std::max<std::uint64_t>(patients / 10, 1), patients}) {
    const auto cohort = bench::SyntheticCohort::make(fmt::format("{}/cohort_{}", scratch.path(), n), n);
    const std::string& data = cohort.exports.front();
    fmt::print("\n{} patients: {} rows, {:.1f} MB\n", n, cohort.rows, cohort.megabytes);
    bench::ThroughputTable table("rows", static_cast<double>(cohort.rows), cohort.megabytes);
    const std::string log = scratch.path() + "/run.log";
    table.run(FigureKind::baseline, "cp FILE copy.csv", {"cp", data, scratch.path() + "/copy.csv"}, log);
    table.run(FigureKind::command, "oncoshare ingest ... --out records.ndjson",
              {ONCOSHARE_BINARY, "ingest", "--dictionary", cohort.dictionary, "--data", data, "--out",
               scratch.path() + "/records.ndjson"},
              log);
    table.run_in_process("ExportReader + IngestSummary + NDJSON file",
                         [&] { return ingest_file(cohort.dictionary, data, scratch.path() + "/in_process.ndjson"); });
    table.run_in_process("ExportReader + IngestSummary (no output file)",
                         [&] { return ingest_file(cohort.dictionary, data, ""); });
    table.print();
  }
  return 0;
}
