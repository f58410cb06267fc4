// oncoshare quality: Kahn-style data-quality checks (completeness, conformance,
// plausibility) and REDCap logic rules over REDCap record exports, with weighted scores
// per record, form, site and overall. User documentation: docs/quality.md; JSON schema:
// docs/quality-json.md.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "dictionary/dictionary.hpp"
#include "quality/families.hpp"
#include "quality/scoring.hpp"

namespace oncoshare::quality {

struct QualityOptions {
  std::string rules;                        // rules CSV path ("" = none)
  std::vector<std::string> missing_codes;   // project missing-data codes (UNK, NA, ...)
  std::string today;                        // ISO date for "today" in bounds and calcs ("" = unknown)
  double outlier_sd = 0;                    // flag numbers beyond K SD of the column mean; 0 = off
  FamilyValues weights = default_weights();
  FamilyValues thresholds{};                // percent of evaluations that may fail before a check fails
  std::optional<double> min_score;          // records below it are counted (and filtered out)
  bool keep_record_scores = false;          // keep every record's score (for passing_records)
};

// One failing cell.
struct Failure {
  std::size_t check = 0;          // index into QualityReport::checks
  std::string check_id;
  Family family = Family::completeness_minimal;
  std::string severity;
  std::string site;               // data access group
  std::string record_id;
  std::string event;
  std::string repeat_instrument;
  std::uint32_t repeat_instance = 0;
  std::string file;
  std::uint64_t line = 0;         // physical line where the row starts
  std::string column;             // export column
  std::string value;              // raw value ("" for a blank cell)
  std::string message;
};

// Logic the run cannot check: it does not parse, needs a smart variable only a live REDCap
// session knows ([user-name], [project-id]), names a field the dictionary does not define, or
// failed to evaluate on some rows (then only those rows). A warning: the checks that logic
// drives are left out of the scores and every other check still runs. No cell value appears.
struct NotCheckable {
  std::string file;          // the dictionary, or the rules file for a rule
  std::uint64_t line = 0;    // its line there
  std::uint64_t column = 0;  // in the logic text; 0 if unknown
  std::string field;         // the variable, or the rule id for a rule
  std::string logic;         // branching logic | mandatory_if | calculation | rule
  std::string reason;
};

// One line for people: "file:line: field 'x': warning: calculation is not checkable (column 5): reason".
[[nodiscard]] std::string to_string(const NotCheckable& item);

// Receives every failure as it is found (e.g. to stream failures.csv).
using FailureSink = std::function<void(const Failure&)>;

inline constexpr std::size_t kFailuresPerCheck = 100;
inline constexpr std::size_t kWorstRecords = 100;

struct CheckResult {
  std::string id;                 // e.g. "conformance.datatype.diagnosis_date"
  Family family = Family::completeness_minimal;
  std::string severity;           // error | warning
  std::string description;
  std::string rule;               // REDCap logic of a rule or condition, if any
  std::string variable;
  std::string form;
  std::uint64_t evaluated = 0;
  std::uint64_t failed = 0;
  double threshold = 0;           // percent
  std::vector<Failure> failures;  // the first kFailuresPerCheck
  // pass | fail | not_applicable (never evaluated)
  [[nodiscard]] std::string status() const;
};

struct RecordScore {
  std::string site;
  std::string record_id;
  double score = 100;
  std::vector<std::string> failed_checks;
};

struct QualityReport {
  std::vector<CheckResult> checks;
  std::vector<NotCheckable> not_checkable;  // dictionary / rules order
  Tally overall;
  std::vector<std::pair<std::string, Tally>> by_form;   // dictionary form order
  std::vector<std::pair<std::string, Tally>> by_site;   // sorted by DAG
  std::uint64_t rows = 0;
  std::uint64_t records = 0;
  std::uint64_t cells_checked = 0;
  std::uint64_t failures = 0;
  double record_score_min = 100;
  double record_score_sum = 0;
  std::uint64_t records_below_min_score = 0;
  std::vector<RecordScore> worst_records;                 // lowest first
  std::unordered_map<std::string, double> record_scores;  // when keep_record_scores
  FamilyValues weights{};
  std::optional<double> min_score;
  [[nodiscard]] double score() const { return overall_score(overall, weights); }
};

// Runs every check over export files one after another, in bounded memory (one record's
// rows at a time, plus one score per record id when keep_record_scores). Rows of a record
// must be contiguous in a file, as REDCap writes them.
class QualityChecker {
 public:
  // Validates the options and prepares the per-variable check plans (parses branching
  // logic, mandatory_if, calculations and rules once). `dict` must outlive the checker.
  // Logic that does not parse or needs a session smart variable is not an error: it is
  // listed in QualityReport::not_checkable. Errors: rules file problems, a --today that is not YYYY-MM-DD, a negative outlier_sd.
  [[nodiscard]] static core::Result<QualityChecker> create(const dictionary::Dictionary& dict,
                                                           QualityOptions options);
  QualityChecker(QualityChecker&&) noexcept;
  QualityChecker& operator=(QualityChecker&&) noexcept;
  ~QualityChecker();

  // Checks one export file (flat, label or EAV layout). Failures go to `sink` as they are
  // found. Errors: the file cannot be read or parsed (file:line:column, field).
  [[nodiscard]] core::Status check_file(const std::string& path, const FailureSink& sink);

  // The results so far. The checker can be used no further.
  [[nodiscard]] QualityReport finish();

 private:
  struct State;
  explicit QualityChecker(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Input file names shown in the report.
struct ReportInputs {
  std::string dictionary;
  std::string mapping;
  std::vector<std::string> data;
  std::string rules;
};

// quality.json (docs/quality-json.md); sorted keys, deterministic. `fail_under` is reported.
[[nodiscard]] nlohmann::json to_json(const QualityReport& report, const ReportInputs& inputs,
                                     std::optional<double> fail_under);

// The header and one row of failures.csv (REDCap-style quoting, LF line ends).
[[nodiscard]] std::string failures_csv_header();
void append_failure_csv(const Failure& failure, std::string& out);

}  // namespace oncoshare::quality
