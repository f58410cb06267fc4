#include <algorithm>
#include <fmt/format.h>
#include <map>

#include "core/civil_date.hpp"
#include "ingest/export_reader.hpp"
#include "quality/detail/check_plan.hpp"
#include "quality/detail/record_checker.hpp"
#include "quality/quality.hpp"

namespace oncoshare::quality {

std::string CheckResult::status() const {
  if (evaluated == 0) return "not_applicable";
  const double pct = 100.0 * static_cast<double>(failed) / static_cast<double>(evaluated);
  return (threshold == 0 ? failed > 0 : pct > threshold) ? "fail" : "pass";
}

std::string to_string(const NotCheckable& item) {
  std::string out = item.file;
  if (item.line > 0) out += fmt::format(":{}", item.line);
  const std::string_view kind = item.logic == "rule" ? "rule" : "field";
  out += fmt::format(": {} '{}': warning: {} is not checkable", kind, item.field, item.logic);
  if (item.column > 0) out += fmt::format(" (column {})", item.column);
  return out + ": " + item.reason;
}

struct QualityChecker::State {
  const dictionary::Dictionary& dict;
  QualityOptions options;
  detail::Plan plan;
  detail::RecordChecker checker;
  std::vector<Tally> form_tallies;
  std::map<std::string, Tally> site_tallies;
  QualityReport report;
  bool stats_ready = false;

  State(const dictionary::Dictionary& d, QualityOptions o, detail::Plan p)
      : dict(d), options(std::move(o)), plan(std::move(p)), checker(dict, plan, options),
        form_tallies(dict.forms().size()) {}

  void finish_record(std::span<const ingest::Record> rows, const detail::FileContext& file,
                     const FailureSink& sink);
  void add_evaluation_faults(std::vector<NotCheckable>& out) const;
};

// Logic that parsed but failed on some rows: those rows were not judged by it.
void QualityChecker::State::add_evaluation_faults(std::vector<NotCheckable>& out) const {
  const auto& faults = checker.faults();
  auto add = [&](const auto& e, std::string file, std::uint64_t line, const std::string& field, std::string logic) {
    const auto hit = faults.find(&e);
    if (hit == faults.end()) return;
    const detail::EvaluationFault& f = hit->second;
    out.push_back(NotCheckable{std::move(file), line, f.column, field, std::move(logic),
                               fmt::format("cannot be evaluated on {} row{} (first: {} line {}); those rows are "
                                           "not judged by it", f.rows, f.rows == 1 ? "" : "s", f.file, f.line)});
  };
  for (const detail::VariablePlan& p : plan.variables) {
    const dictionary::Variable& v = dict.variables()[p.variable];
    if (p.branching) add(*p.branching, dict.source(), v.line, v.name, "branching logic");
    if (p.mandatory_if) add(*p.mandatory_if, dict.source(), v.line, v.name, "mandatory_if");
    if (p.calculation) add(*p.calculation, dict.source(), v.line, v.name, "calculation");
  }
  for (const Rule& rule : plan.rules) add(rule.logic, options.rules, rule.line, rule.id, "rule");
}

QualityChecker::QualityChecker(std::unique_ptr<State> state) : state_(std::move(state)) {}
QualityChecker::QualityChecker(QualityChecker&&) noexcept = default;
QualityChecker& QualityChecker::operator=(QualityChecker&&) noexcept = default;
QualityChecker::~QualityChecker() = default;

core::Result<QualityChecker> QualityChecker::create(const dictionary::Dictionary& dict, QualityOptions options) {
  if (!options.today.empty() &&
      !core::parse_iso_date(options.today)) {
    return core::fail(core::bad_input(fmt::format("--today '{}' is not a date (YYYY-MM-DD)", options.today)));
  }
  if (options.outlier_sd < 0) {
    return core::fail(core::bad_input(fmt::format("--outlier-sd {} is negative", options.outlier_sd)));
  }
  if (dict.variables().empty()) return core::fail(core::bad_input("the dictionary has no variables"));
  core::Result<detail::Plan> plan = detail::make_plan(dict, options);
  if (!plan) return core::fail(plan.error());
  auto state = std::make_unique<State>(dict, std::move(options), std::move(*plan));
  state->report.weights = state->options.weights;
  state->report.min_score = state->options.min_score;
  return QualityChecker(std::move(state));
}

void QualityChecker::State::finish_record(std::span<const ingest::Record> rows, const detail::FileContext& file,
                                          const FailureSink& sink) {
  Tally tally;
  std::vector<std::size_t> failed;
  checker.check(rows, file, sink, tally, form_tallies, failed);
  report.overall += tally;
  site_tallies[rows.front().data_access_group] += tally;
  report.rows += rows.size();
  report.records += 1;
  const double score = overall_score(tally, options.weights);
  report.record_score_min = std::min(report.record_score_min, score);
  report.record_score_sum += score;
  if (options.min_score && score < *options.min_score) ++report.records_below_min_score;
  if (options.keep_record_scores) {
    auto [it, inserted] = report.record_scores.try_emplace(rows.front().record_id, score);
    if (!inserted) it->second = std::min(it->second, score);  // rows split across the file
  }
  if (failed.empty()) return;
  auto& worst = report.worst_records;
  if (worst.size() >= kWorstRecords && score >= worst.back().score) return;
  std::sort(failed.begin(), failed.end());
  failed.erase(std::unique(failed.begin(), failed.end()), failed.end());
  RecordScore r{rows.front().data_access_group, rows.front().record_id, score, {}};
  for (std::size_t c : failed) r.failed_checks.push_back(plan.checks[c].id);
  const auto at = std::upper_bound(worst.begin(), worst.end(), score,
                                   [](double s, const RecordScore& x) { return s < x.score; });
  worst.insert(at, std::move(r));
  if (worst.size() > kWorstRecords) worst.pop_back();
}

namespace {

// EAV layouts grow while reading, so earlier rows of a record may be shorter.
template <class Each>
void flush(const ingest::ExportReader& reader, std::vector<ingest::Record>& rows, std::size_t n, Each& each) {
  const std::size_t width = reader.layout().columns.size();
  for (std::size_t i = 0; i < n; ++i) rows[i].values.resize(width);
  each(std::span<const ingest::Record>(rows.data(), n));
}

// Reads `path` record by record (contiguous rows with the same record id), calling
// `each(rows)` for each.
template <class Each>
core::Status for_each_record(ingest::ExportReader& reader, Each each) {
  std::vector<ingest::Record> rows(1);
  std::size_t n = 0;
  ingest::Record next;
  core::ReadStatus status;
  while ((status = reader.next(next)) == core::ReadStatus::ok) {
    if (n > 0 && next.record_id != rows.front().record_id) {
      flush(reader, rows, n, each);
      n = 0;
    }
    if (n == rows.size()) rows.emplace_back();
    std::swap(rows[n], next);
    ++n;
  }
  if (status == core::ReadStatus::error) return core::fail(reader.error());
  if (n > 0) flush(reader, rows, n, each);
  return {};
}

}  // namespace

core::Status QualityChecker::check_file(const std::string& path, const FailureSink& sink) {
  State& s = *state_;
  core::Result<ingest::ExportReader> reader = ingest::ExportReader::open(path, s.dict);
  if (!reader) return core::fail(reader.error());
  detail::ColumnMap columns = detail::map_columns(s.dict, reader->layout());
  detail::FileContext file{&path, &reader->layout(), &columns};
  if (s.options.outlier_sd > 0) {
    // Outliers need the column's mean and SD first: one extra pass over this file.
    std::vector<detail::ColumnStats> stats(s.dict.variables().size());
    ONCOSHARE_TRY(for_each_record(*reader, [&](std::span<const ingest::Record> rows) {
      s.checker.collect_stats(rows, file, stats);
    }));
    s.checker.set_stats(std::move(stats));
    reader = ingest::ExportReader::open(path, s.dict);
    if (!reader) return core::fail(reader.error());
    columns = detail::map_columns(s.dict, reader->layout());
    file = detail::FileContext{&path, &reader->layout(), &columns};
  }
  std::size_t mapped = reader->layout().columns.size();
  return for_each_record(*reader, [&](std::span<const ingest::Record> rows) {
    if (reader->layout().columns.size() != mapped) {  // EAV: a new field appeared
      mapped = reader->layout().columns.size();
      columns = detail::map_columns(s.dict, reader->layout());
    }
    s.finish_record(rows, file, sink);
  });
}

QualityReport QualityChecker::finish() {
  State& s = *state_;
  QualityReport report = std::move(s.report);
  report.checks = std::move(s.plan.checks);
  report.not_checkable = std::move(s.plan.not_checkable);
  s.add_evaluation_faults(report.not_checkable);
  report.cells_checked = s.checker.cells_checked();
  for (std::size_t f = 0; f < s.dict.forms().size(); ++f) {
    report.by_form.emplace_back(s.dict.forms()[f].name, s.form_tallies[f]);
  }
  for (auto& [site, tally] : s.site_tallies) report.by_site.emplace_back(site, tally);
  for (const CheckResult& c : report.checks) report.failures += c.failed;
  if (report.records == 0) report.record_score_min = 100;
  return report;
}

}  // namespace oncoshare::quality
