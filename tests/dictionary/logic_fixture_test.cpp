// Logic from the real REDCap dictionaries, evaluated against the real exports. They are in
// the shared fixtures, outside the repository: each test is skipped when that folder is absent.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "core/csv_reader.hpp"
#include "dictionary/logic.hpp"
#include "shared_fixtures.hpp"

namespace oncoshare::dictionary::logic {
namespace {

// A whole CSV file as a header and rows.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  [[nodiscard]] std::size_t column(const std::string& name) const {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return i;
    }
    ADD_FAILURE() << "no column " << name;
    return 0;
  }
};

Table read_table(const std::string& path) {
  auto reader = core::CsvReader::open(path);
  EXPECT_TRUE(reader) << path;
  Table table;
  if (!reader) return table;
  core::CsvRow row;
  core::ReadStatus status;
  while ((status = reader->next(row)) == core::ReadStatus::ok) {
    if (table.header.empty()) {
      table.header = row.fields;
    } else {
      table.rows.push_back(row.fields);
    }
  }
  EXPECT_EQ(status, core::ReadStatus::end) << reader->error().to_string();
  return table;
}

// Reads fields from one export row: [var] by column name, [var(code)] from var___code.
// An [event][var] reference only resolves on that event's row.
Resolver row_resolver(const Table& table, const std::vector<std::string>& row) {
  return [&table, &row](const FieldRef& field) -> std::optional<std::string> {
    std::string name = field.variable;
    if (!field.choice_code.empty()) name += "___" + field.choice_code;
    for (std::size_t i = 0; i < table.header.size(); ++i) {
      if (table.header[i] == "redcap_event_name" && !field.event.empty() && row[i] != field.event) {
        return std::nullopt;
      }
    }
    for (std::size_t i = 0; i < table.header.size(); ++i) {
      if (table.header[i] == name) return row[i];
    }
    return std::nullopt;
  };
}

// Dictionary column holding the calculation of a calc field; branching logic.
constexpr std::size_t choices_column = 5;
constexpr std::size_t branching_column = 11;

std::string dictionary_cell(const Table& dictionary, const std::string& variable, std::size_t column) {
  for (const auto& row : dictionary.rows) {
    if (row[0] == variable) return row[column];
  }
  ADD_FAILURE() << "no variable " << variable;
  return {};
}

// Recomputes `calc_field` on every export row and counts rows whose stored value agrees.
int agreeing_rows(const Table& export_table, const std::string& calculation, const std::string& calc_field) {
  auto expression = parse(calculation);
  EXPECT_TRUE(expression) << calculation;
  if (!expression) return -1;
  const std::size_t stored = export_table.column(calc_field);
  int agree = 0;
  for (const auto& row : export_table.rows) {
    auto value = expression->evaluate(row_resolver(export_table, row));
    EXPECT_TRUE(value) << (value ? "" : value.error().to_string());
    if (!value) continue;
    EXPECT_EQ(format_value(*value), row[stored]) << calc_field << " on record " << row[0];
    if (format_value(*value) == row[stored] && !row[stored].empty()) ++agree;
  }
  return agree;
}

TEST(LogicFixtures, LongitudinalBmiCalculationsMatchEveryStoredValue) {
  const Table dictionary =
      read_table(fixtures::redcap_fixture("redcapr-longitudinal/dictionary.csv"));
  const Table data = read_table(fixtures::redcap_fixture("redcapr-longitudinal/export.csv"));
  const std::string bmi = dictionary_cell(dictionary, "bmi", choices_column);
  const std::string bmi2 = dictionary_cell(dictionary, "bmi2", choices_column);
  EXPECT_EQ(bmi, "round(([weight]*10000)/(([height])^(2)),1)");
  EXPECT_EQ(bmi2, "round(([weight2]*10000)/(([height2])^(2)),1)");
  // 3 records x 2 calc fields; the 15 rows of other events are blank and stay blank.
  EXPECT_EQ(agreeing_rows(data, bmi, "bmi") + agreeing_rows(data, bmi2, "bmi2"), 6);
}

TEST(LogicFixtures, GrayStatusBmiTextFieldFollowsTheSameFormula) {
  const Table data =
      read_table(fixtures::redcap_fixture("redcapr-blank-for-gray-status/export.csv"));
  // Record 6 has no height or weight: the formula gives blank, as stored. Records 1 and 2
  // (height 7 and 6, weight 1) give 204.1 and 277.8.
  EXPECT_EQ(agreeing_rows(data, "round(([weight]*10000)/(([height])^(2)),1)", "bmi"), 5);
}

TEST(LogicFixtures, LongitudinalBranchingLogicHidesFieldsThatAreBlank) {
  const Table dictionary =
      read_table(fixtures::redcap_fixture("redcapr-longitudinal/dictionary.csv"));
  const Table data = read_table(fixtures::redcap_fixture("redcapr-longitudinal/export.csv"));
  int hidden = 0;
  int shown = 0;
  for (const auto& field : dictionary.rows) {
    if (field[branching_column].empty()) continue;
    auto logic = parse(field[branching_column]);
    ASSERT_TRUE(logic) << field[branching_column];
    const std::size_t column = data.column(field[0]);
    for (const auto& row : data.rows) {
      auto visible = logic->test(row_resolver(data, row));
      ASSERT_TRUE(visible) << visible.error().to_string();
      if (*visible) {
        ++shown;
      } else {
        EXPECT_EQ(row[column], "") << field[0] << " is hidden on record " << row[0] << " but has a value";
        ++hidden;
      }
    }
  }
  // given_birth is shown for the two female records (220, 304); num_children for none,
  // since neither has given birth.
  EXPECT_EQ(shown, 2);
  EXPECT_EQ(hidden, 2 * 18 - 2);
}

TEST(LogicFixtures, AgeCalculationReproducesFrozenValueOnEnrolmentDay) {
  const Table dictionary =
      read_table(fixtures::redcap_fixture("redcapr-repeating-instruments-sparse/dictionary.csv"));
  const Table data =
      read_table(fixtures::redcap_fixture("redcapr-repeating-instruments-sparse/export.csv"));
  const std::string calculation = dictionary_cell(dictionary, "age", choices_column);
  EXPECT_EQ(calculation, "rounddown(datediff(\"today\", [dob], \"y\", \"ymd\"), 1 )");
  auto age = parse(calculation);
  ASSERT_TRUE(age);
  // Record 1: dob 2010-10-14, enrolled 2019-10-14, stored age 8.9. Those dates are 3287
  // days apart (2012 and 2016 are leap years); 3287 / 365.2425 = 8.9995, rounded down 8.9.
  // A 365-day year would give 9.0: the stored value confirms REDCap's factor.
  const auto& record1 = data.rows[0];
  ASSERT_EQ(record1[0], "1");
  EvaluationOptions options;
  options.today = record1[data.column("date_enrolled")];
  auto value = age->evaluate(row_resolver(data, record1), options);
  ASSERT_TRUE(value) << value.error().to_string();
  EXPECT_EQ(format_value(*value), "8.9");
  EXPECT_EQ(record1[data.column("age")], "8.9");
}

}  // namespace
}  // namespace oncoshare::dictionary::logic
