// `oncoshare ingest`: read a REDCap record export against its dictionary, print a summary
// and optionally write the normalised records as NDJSON.
#include <filesystem>
#include <fmt/format.h>
#include <memory>
#include <optional>
#include <system_error>

#include "cli/command.hpp"
#include "core/atomic_output.hpp"
#include "core/progress.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "ingest/ingest.hpp"

namespace oncoshare::cli {

namespace {

struct IngestOptions {
  std::string dictionary;
  std::string data;
  std::string layout = "auto";
  std::string events;
  std::string out;
  std::string format = "text";
  bool keep_unmatched_labels = false;
};

std::optional<ingest::ExportFormat> parse_layout(const std::string& name) {
  if (name == "flat") return ingest::ExportFormat::flat;
  if (name == "eav") return ingest::ExportFormat::eav;
  if (name == "labels") return ingest::ExportFormat::labels;
  return std::nullopt;  // auto
}

void warn_unknown_columns(const std::string& file, const ingest::Layout& layout) {
  const std::vector<std::string> unknown = layout.unknown_columns();
  if (unknown.empty()) return;
  fmt::print(stderr, "oncoshare: warning: {}: {} column(s) not in the dictionary, kept verbatim: {}\n",
             file, unknown.size(), fmt::join(unknown, ", "));
}

int run_ingest(const IngestOptions& o) {
  core::Result<dictionary::Dictionary> dict = dictionary::read_redcap_dictionary(o.dictionary);
  if (!dict) return report(dict.error());
  ingest::ReaderOptions options;
  options.format = parse_layout(o.layout);
  options.keep_unmatched_labels = o.keep_unmatched_labels;
  if (!o.events.empty()) {
    core::Result<std::vector<ingest::EventInfo>> events = ingest::read_redcap_events(o.events);
    if (!events) return report(events.error());
    options.events = std::move(*events);
  }
  core::Result<ingest::ExportReader> reader = ingest::ExportReader::open(o.data, *dict, options);
  if (!reader) return report(reader.error());
  warn_unknown_columns(o.data, reader->layout());

  std::optional<core::AtomicFile> out;
  if (!o.out.empty()) {
    const std::string inputs[] = {o.dictionary, o.data, o.events};
    core::Result<core::AtomicFile> file = core::AtomicFile::create(o.out, 0644, inputs);
    if (!file) return report(file.error());
    out.emplace(std::move(*file));
  }
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(o.data, ec);
  core::Progress progress("ingest", ec ? 0 : size);
  ingest::SummaryBuilder summary;
  ingest::Record record;
  std::string line;
  core::ReadStatus status;
  while ((status = reader->next(record)) == core::ReadStatus::ok) {
    summary.add(reader->layout(), record);
    if (out) {
      line.clear();
      ingest::append_ndjson(reader->layout(), record, line);
      out->write(line);
    }
    progress.update(reader->bytes_read());
  }
  if (status == core::ReadStatus::error) return report(reader->error());
  for (const core::Error& w : reader->warnings()) {
    fmt::print(stderr, "oncoshare: warning: {}\n", w.to_string());
  }
  if (reader->warning_count() > reader->warnings().size()) {
    fmt::print(stderr, "oncoshare: warning: {} more warnings not shown\n",
               reader->warning_count() - reader->warnings().size());
  }
  if (out) {
    core::Status committed = out->commit();
    if (!committed) return report(committed.error());
  }
  const ingest::IngestSummary result = summary.finish(reader->layout());
  if (o.format == "json") {
    fmt::print("{}\n", ingest::to_json(result).dump(2));
  } else {
    fmt::print("{}", ingest::to_text(result));
  }
  return 0;
}

}  // namespace

void register_ingest(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand(
      "ingest", "Read a REDCap record export against its dictionary and summarise it");
  auto o = std::make_shared<IngestOptions>();
  cmd->add_option("--dictionary", o->dictionary, "REDCap data dictionary CSV")->required();
  cmd->add_option("--data", o->data, "REDCap record export CSV")->required();
  cmd->add_option("--layout", o->layout, "export layout (default: detect from the header)")
      ->check(CLI::IsMember({"auto", "flat", "eav", "labels"}));
  cmd->add_option("--events", o->events,
                  "REDCap events CSV, to turn event labels of a label export into unique names");
  cmd->add_flag("--keep-unmatched-labels", o->keep_unmatched_labels,
                "keep label values that match no choice verbatim (warn) instead of failing");
  cmd->add_option("--out", o->out, "write the normalised records as NDJSON to this file (never an input)");
  cmd->add_option("--format", o->format, "summary format")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->callback([&action, o] { action = [o] { return run_ingest(*o); }; });
}

}  // namespace oncoshare::cli
