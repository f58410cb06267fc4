// `oncoshare quality`: run the data-quality checks over REDCap exports and write
// quality.json, quality.html and failures.csv into an output directory (atomically).
#include <fmt/format.h>
#include <memory>
#include <optional>

#include "cli/command.hpp"
#include "cli/option_checks.hpp"
#include "core/atomic_output.hpp"
#include "dictionary/choices.hpp"
#include "dictionary/mapping.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "quality/html_output.hpp"
#include "quality/passing_records.hpp"
#include "quality/quality.hpp"

namespace oncoshare::cli {

namespace {

struct QualityCliOptions {
  std::string dictionary;
  std::string mapping;
  std::vector<std::string> data;
  std::string rules;
  std::string out;
  std::string weights;
  std::string thresholds;
  std::string missing_codes;
  std::string today;
  double outlier_sd = 0;
  std::string passing_records;
  std::optional<double> min_score;
  std::optional<double> fail_under;
};

std::vector<std::string> split_codes(const std::string& text) {
  std::vector<std::string> codes;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::string code(dictionary::trim(std::string_view(text).substr(start, comma - start)));
    if (!code.empty()) codes.push_back(std::move(code));
    start = comma + 1;
  }
  return codes;
}

core::Status write(const std::string& path, std::string_view bytes) {
  return core::write_file_atomically(path, bytes);
}

int run_quality(const QualityCliOptions& o) {
  if (!o.passing_records.empty() && !o.min_score) {
    return report(core::bad_input("--passing-records needs --min-score"));
  }
  core::Result<dictionary::Dictionary> dict = dictionary::read_redcap_dictionary(o.dictionary);
  if (!dict) return report(dict.error());
  if (!o.mapping.empty()) {
    core::Status mapped = dictionary::apply_mapping(*dict, o.mapping);
    if (!mapped) return report(mapped.error());
  }
  quality::QualityOptions options;
  options.rules = o.rules;
  options.missing_codes = split_codes(o.missing_codes);
  options.today = o.today;
  options.outlier_sd = o.outlier_sd;
  options.min_score = o.min_score;
  options.keep_record_scores = !o.passing_records.empty();
  core::Status parsed = quality::parse_family_values(o.weights, "--weights", options.weights);
  if (!parsed) return report(parsed.error());
  parsed = quality::parse_family_values(o.thresholds, "--thresholds", options.thresholds);
  if (!parsed) return report(parsed.error());

  core::Result<quality::QualityChecker> checker = quality::QualityChecker::create(*dict, std::move(options));
  if (!checker) return report(checker.error());
  core::OutputClaim claim{"quality", {o.dictionary, o.mapping, o.rules}};
  claim.inputs.insert(claim.inputs.end(), o.data.begin(), o.data.end());
  if (!o.passing_records.empty()) {
    core::Status separate = core::check_output_file(o.passing_records, claim.inputs);
    if (separate) separate = core::check_outside_folder(o.passing_records, o.out);
    if (!separate) return report(separate.error());
  }
  core::Result<core::AtomicDirectory> dir = core::AtomicDirectory::create(o.out, claim);
  if (!dir) return report(dir.error());
  core::Result<core::AtomicFile> failures = core::AtomicFile::create(dir->path() + "/failures.csv");
  if (!failures) return report(failures.error());
  failures->write(quality::failures_csv_header());
  std::string line;
  const quality::FailureSink sink = [&](const quality::Failure& f) {
    line.clear();
    quality::append_failure_csv(f, line);
    failures->write(line);
  };
  for (const std::string& path : o.data) {
    core::Status checked = checker->check_file(path, sink);
    if (!checked) return report(checked.error());
  }
  const quality::QualityReport result = checker->finish();
  for (const quality::NotCheckable& item : result.not_checkable) fmt::print(stderr, "{}\n", quality::to_string(item));
  const nlohmann::json json = quality::to_json(result, {o.dictionary, o.mapping, o.data, o.rules}, o.fail_under);
  core::Status ok = failures->commit();
  if (ok) ok = write(dir->path() + "/quality.json", json.dump(2) + "\n");
  if (ok) ok = write(dir->path() + "/quality.html", quality::quality_html(json));
  if (!ok) return report(ok.error());
  if (!o.passing_records.empty()) {
    // Written before the report directory is committed: a failure here leaves neither.
    core::Result<quality::PassingSummary> kept = quality::write_passing_records(
        o.data, *dict, result.record_scores, *o.min_score, o.passing_records);
    if (!kept) return report(kept.error());
    fmt::print("passing records: {} kept, {} dropped ({} rows written to {})\n", kept->records_kept,
               kept->records_dropped, kept->rows_kept, o.passing_records);
  }
  ok = dir->commit();
  if (!ok) return report(ok.error());
  const double score = result.score();
  fmt::print("quality score {:.2f} over {} records ({} rows); {} of {} checks failed, {} failing cells; report in {}\n",
             quality::round2(score), result.records, result.rows, json["summary"]["checks_failed"].get<int>(),
             result.checks.size(), result.failures, o.out);
  if (o.fail_under && score < *o.fail_under) {
    return report(core::Error{core::ErrorCode::check_failed,
                              fmt::format("quality score {:.2f} is below --fail-under {}", quality::round2(score),
                                          *o.fail_under)});
  }
  return 0;
}

}  // namespace

void register_quality(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("quality", "Check the data quality of REDCap exports and score it");
  auto o = std::make_shared<QualityCliOptions>();
  cmd->add_option("--dictionary", o->dictionary, "REDCap data dictionary CSV")->required();
  cmd->add_option("--mapping", o->mapping, "oncoshare mapping CSV (requirement levels, max_length)");
  cmd->add_option("--data", o->data, "REDCap record export CSV (repeatable)")->required();
  cmd->add_option("--rules", o->rules, "rules CSV: id,description,logic,severity,family[,variable]");
  cmd->add_option("--out", o->out, out_folder_help("quality.json, quality.html, failures.csv"))->required();
  cmd->add_option("--weights", o->weights, "family=weight,... (default: the paper's Table 2 weights)");
  cmd->add_option("--thresholds", o->thresholds, "family=percent,...: failures a check tolerates (default 0)");
  cmd->add_option("--missing-codes", o->missing_codes, "project missing-data codes, e.g. UNK,NA,NASK");
  cmd->add_option("--today", o->today, "date (YYYY-MM-DD) for 'today' in bounds and calculations");
  cmd->add_option("--outlier-sd", o->outlier_sd, "flag numbers beyond K standard deviations (0 = off)")
      ->check(in_range(core::real_numbers(0, 1000)));
  cmd->add_option("--passing-records", o->passing_records, "write the records scoring >= --min-score here (never an input)");
  cmd->add_option("--min-score", o->min_score, "minimum record score for --passing-records")
      ->check(in_range(core::real_numbers(0, 100)));
  cmd->add_option("--fail-under", o->fail_under, "exit 1 when the overall score is below this")
      ->check(in_range(core::real_numbers(0, 100)));
  cmd->callback([&action, o] { action = [o] { return run_quality(*o); }; });
}

}  // namespace oncoshare::cli
