// Runs the planned checks over the rows of one record. Internal to the quality component.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "quality/detail/check_plan.hpp"

namespace oncoshare::quality::detail {

// Where the rows come from.
struct FileContext {
  const std::string* file = nullptr;
  const ingest::Layout* layout = nullptr;
  const ColumnMap* columns = nullptr;
};

// Per-column running mean and variance for the outlier check (Welford).
struct ColumnStats {
  std::uint64_t n = 0;
  double mean = 0, m2 = 0;
  void add(double x);
  [[nodiscard]] double sd() const;
};

// Logic that failed to evaluate on some rows (text where a number is needed, a date that
// is not one): how often, and where first. Messages keep no cell value.
struct EvaluationFault {
  std::uint64_t rows = 0;
  std::string file;
  std::uint64_t line = 0;    // export line of the first row
  std::uint64_t column = 0;  // in the logic text
};

class RecordChecker {
 public:
  RecordChecker(const dictionary::Dictionary& dict, Plan& plan, const QualityOptions& options);

  // Checks one record's rows (same record id, in file order): updates the checks'
  // evaluated/failed counts, sends failures to `sink` and adds evaluations to `tally`
  // (this record), `form_tallies` (per form) and `failed_checks` (check indices).
  void check(std::span<const ingest::Record> rows, const FileContext& file, const FailureSink& sink,
             Tally& tally, std::vector<Tally>& form_tallies, std::vector<std::size_t>& failed_checks);

  // Outlier pre-pass: adds the record's numeric values to `stats` (per dictionary variable).
  void collect_stats(std::span<const ingest::Record> rows, const FileContext& file,
                     std::vector<ColumnStats>& stats);
  void set_stats(std::vector<ColumnStats> stats) { stats_ = std::move(stats); }

  [[nodiscard]] std::uint64_t cells_checked() const { return cells_; }
  // Per expression of the plan (branching, mandatory_if, calculation, rule logic).
  [[nodiscard]] const std::unordered_map<const dictionary::logic::Expression*, EvaluationFault>& faults() const {
    return faults_;
  }

 private:
  struct Row;
  void check_row(const Row& row);
  void check_variable(const Row& row, const VariablePlan& p);
  void check_rules(const Row& row);
  void check_calc(const Row& row, const VariablePlan& p, const std::string& stored, std::size_t column);
  // Counts one evaluation; on failure builds the message (`message()`) and the Failure.
  template <class Message>
  void record(const Row& row, std::int32_t check, bool passed, std::size_t column, const std::string& value,
              Message&& message);
  void count(std::int32_t check, bool passed);
  void fail(const Row& row, std::int32_t check, std::size_t column, const std::string& value,
            std::string message);
  [[nodiscard]] const dictionary::Variable* find(std::string_view name) const;
  // A branching or mandatory_if condition: no condition holds always; logic that is not
  // checkable or fails to evaluate is unknown, and then the checks it gates are not judged.
  enum class Truth : std::uint8_t { no, yes, unknown };
  [[nodiscard]] Truth condition(const Row& row, const std::optional<dictionary::logic::Expression>& e,
                                bool not_checkable) const;
  [[nodiscard]] std::optional<bool> test(const Row& row, const dictionary::logic::Expression& e) const;
  void note_fault(const Row& row, const dictionary::logic::Expression& e, const core::Error& error) const;
  [[nodiscard]] bool inputs_usable(const Row& row, const dictionary::logic::Expression& e) const;
  // The value logic sees for `ref` on `row` (see logic::Resolver); "" for blank or unknown.
  [[nodiscard]] std::string resolve(const Row& row, const dictionary::logic::FieldRef& ref) const;
  [[nodiscard]] dictionary::logic::Resolver resolver(const Row& row) const;
  [[nodiscard]] std::string smart_value(const Row& row, dictionary::logic::SmartVariable smart) const;
  [[nodiscard]] const ingest::Record* source_row(const Row& row, const dictionary::logic::FieldRef& ref,
                                                 const dictionary::Variable& v) const;
  // A checkbox choice's cell ("1", "0" or ""), matched case-insensitively.
  [[nodiscard]] const std::string& checkbox_cell(const ingest::Record& source, std::size_t variable,
                                                 std::string_view code) const;
  [[nodiscard]] bool is_missing_code(const std::string& value) const;

  const dictionary::Dictionary& dict_;
  Plan& plan_;
  const QualityOptions& options_;
  dictionary::logic::EvaluationOptions eval_;
  std::vector<ColumnStats> stats_;
  std::vector<std::size_t> check_form_;  // form index per check
  // Variable name -> dictionary index, so logic lookups do not build a std::string per cell.
  std::unordered_map<std::string_view, std::size_t> index_;
  std::vector<char> present_;
  mutable std::unordered_map<const dictionary::logic::Expression*, EvaluationFault> faults_;
  std::uint64_t cells_ = 0;
  // Per call of check():
  std::span<const ingest::Record> rows_;
  const FileContext* file_ = nullptr;
  const FailureSink* sink_ = nullptr;
  Tally* tally_ = nullptr;
  std::vector<Tally>* form_tallies_ = nullptr;
  std::vector<std::size_t>* failed_checks_ = nullptr;
};

struct RecordChecker::Row {
  const ingest::Record* row = nullptr;
  const ingest::Record* base = nullptr;  // the record's base row of the same event (may be `row`)
};

}  // namespace oncoshare::quality::detail
