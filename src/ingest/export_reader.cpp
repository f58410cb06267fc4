#include "ingest/export_reader.hpp"

#include <fmt/format.h>

#include "ingest/detail/eav_grouper.hpp"
#include "ingest/detail/header.hpp"
#include "ingest/detail/label_decoder.hpp"
#include "ingest/detail/text.hpp"

namespace oncoshare::ingest {

namespace {
constexpr std::size_t kMaxWarnings = 100;
}  // namespace

struct ExportReader::State {
  explicit State(core::CsvReader reader) : csv(std::move(reader)) {}

  core::ReadStatus fail(core::Error e) {
    failed = true;
    error = std::move(e);
    return core::ReadStatus::error;
  }
  static void warn(void* context, core::Error warning) {
    auto* self = static_cast<State*>(context);
    if (self->warnings.size() < kMaxWarnings) self->warnings.push_back(std::move(warning));
    ++self->warning_count;
  }
  // Fills the record's identity members from its values (flat and label layouts).
  core::Status identify(Record& record) const;
  core::ReadStatus next_eav(Record& record);

  core::CsvReader csv;
  const dictionary::Dictionary* dict = nullptr;
  ReaderOptions options;
  Layout layout;
  core::CsvRow row;
  core::Error error;
  bool failed = false;
  std::vector<core::Error> warnings;
  std::uint64_t warning_count = 0;
  std::optional<detail::LabelDecoder> labels;
  std::optional<detail::EavGrouper> eav;
};

core::Status ExportReader::State::identify(Record& record) const {
  const auto value_of = [&](std::int64_t at) -> const std::string& {
    static const std::string empty;
    return at < 0 ? empty : record.values[static_cast<std::size_t>(at)];
  };
  const auto where = [&](std::int64_t at) {
    return core::Location{csv.name(), record.line, 0,
                          layout.columns[static_cast<std::size_t>(at)].name};
  };
  record.record_id = value_of(layout.record_id);
  if (record.record_id.empty()) return core::bad_input("record id is empty", where(layout.record_id));
  record.event = value_of(layout.event);
  record.repeat_instrument = value_of(layout.repeat_instrument);
  record.data_access_group = value_of(layout.data_access_group);
  const std::string& instance = value_of(layout.repeat_instance);
  record.repeat_instance = detail::parse_positive(instance);
  if (!instance.empty() && record.repeat_instance == 0) {
    return core::bad_input(
        fmt::format("repeat instance '{}' is not a positive integer", instance),
        where(layout.repeat_instance));
  }
  return {};
}

core::ReadStatus ExportReader::State::next_eav(Record& record) {
  for (;;) {
    const core::ReadStatus status = csv.next(row);
    if (status == core::ReadStatus::error) return fail(csv.error());
    if (status == core::ReadStatus::end) {
      return eav->finish(record) ? core::ReadStatus::ok : core::ReadStatus::end;
    }
    core::Result<bool> emitted = eav->add(row, record);
    if (!emitted) return fail(std::move(emitted.error()));
    if (*emitted) return core::ReadStatus::ok;
  }
}

ExportReader::ExportReader(std::unique_ptr<State> state) : state_(std::move(state)) {}
ExportReader::ExportReader(ExportReader&&) noexcept = default;
ExportReader& ExportReader::operator=(ExportReader&&) noexcept = default;
ExportReader::~ExportReader() = default;

core::Result<ExportReader> ExportReader::open(const std::string& path,
                                              const dictionary::Dictionary& dict,
                                              ReaderOptions options) {
  core::Result<core::CsvReader> csv = core::CsvReader::open(path);
  if (!csv) return csv.error();
  return start(std::move(*csv), dict, std::move(options));
}

core::Result<ExportReader> ExportReader::from_string(std::string data, std::string name,
                                                     const dictionary::Dictionary& dict,
                                                     ReaderOptions options) {
  return start(core::CsvReader::from_string(std::move(data), std::move(name)), dict,
               std::move(options));
}

core::Result<ExportReader> ExportReader::start(core::CsvReader csv,
                                               const dictionary::Dictionary& dict,
                                               ReaderOptions options) {
  auto state = std::make_unique<State>(std::move(csv));
  State& s = *state;
  s.dict = &dict;
  s.options = std::move(options);
  const std::string& file = s.csv.name();
  if (dict.variables().empty()) {
    return core::bad_input("the dictionary has no variables", core::Location{file});
  }
  const core::ReadStatus status = s.csv.next(s.row);
  if (status == core::ReadStatus::error) return s.csv.error();
  if (status == core::ReadStatus::end) {
    return core::bad_input("the export is empty: expected a header row", core::Location{file});
  }
  ExportFormat format = ExportFormat::flat;
  if (s.options.format) {
    format = *s.options.format;
  } else {
    core::Result<ExportFormat> detected = detail::detect_format(s.row.fields, dict, file);
    if (!detected) return detected.error();
    format = *detected;
  }
  if (format == ExportFormat::eav) {
    detail::EavColumns columns;
    core::Result<Layout> layout = detail::resolve_eav_header(s.row.fields, dict, file, columns);
    if (!layout) return layout.error();
    s.layout = std::move(*layout);
    s.eav.emplace(s.layout, dict, columns, file);
    return ExportReader(std::move(state));
  }
  core::Result<Layout> layout = detail::resolve_header(s.row.fields, format, dict, file);
  if (!layout) return layout.error();
  s.layout = std::move(*layout);
  if (format == ExportFormat::labels) {
    s.labels.emplace(s.layout, dict, s.options);
    if (s.layout.event >= 0 && s.options.events.empty()) {
      State::warn(&s, core::bad_input("event names are kept as labels: give the project's "
                                      "events file to turn them into unique event names",
                                      core::Location{file, 1, 0, "redcap_event_name"}));
    }
  }
  return ExportReader(std::move(state));
}

const Layout& ExportReader::layout() const { return state_->layout; }
const core::Error& ExportReader::error() const { return state_->error; }
const std::vector<core::Error>& ExportReader::warnings() const { return state_->warnings; }
std::uint64_t ExportReader::warning_count() const { return state_->warning_count; }
std::uint64_t ExportReader::bytes_read() const { return state_->csv.bytes_read(); }

core::ReadStatus ExportReader::next(Record& record) {
  State& s = *state_;
  if (s.failed) return core::ReadStatus::error;
  if (s.eav) return s.next_eav(record);
  const core::ReadStatus status = s.csv.next(s.row);
  if (status == core::ReadStatus::error) return s.fail(s.csv.error());
  if (status == core::ReadStatus::end) return status;
  std::swap(record.values, s.row.fields);  // both keep their capacity: no allocation per row
  record.line = s.row.line;
  if (s.labels) {
    core::Status decoded =
        s.labels->decode(record.values, s.csv.name(), record.line, &State::warn, &s);
    if (!decoded) return s.fail(std::move(decoded.error()));
  }
  core::Status identified = s.identify(record);
  if (!identified) return s.fail(std::move(identified.error()));
  return core::ReadStatus::ok;
}

}  // namespace oncoshare::ingest
