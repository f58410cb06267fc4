// An independent checker for the synthetic exports, written plainly for the tests: it
// reads the files back (dictionary and mapping through the dictionary readers, exports
// through the CSV reader) and flags every cell that breaks a rule clean data must follow.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "core/csv_reader.hpp"
#include "dictionary/logic.hpp"
#include "dictionary/mapping.hpp"
#include "dictionary/redcap_dictionary.hpp"

namespace oncoshare::synth::testing {

// A cell: file, record_id, repeat instrument, repeat instance, column.
using CellKey = std::tuple<std::string, std::string, std::string, std::string, std::string>;

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

inline Table read_table(const std::string& path) {
  auto reader = core::CsvReader::open(path);
  EXPECT_TRUE(reader.has_value()) << path;
  Table table;
  core::CsvRow row;
  while (reader->next(row) == core::ReadStatus::ok) {
    if (row.index == 1) table.header = row.fields; else table.rows.push_back(row.fields);
  }
  return table;
}

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline bool real_date(const std::string& v) {
  static const std::regex iso(R"(\d{4}-\d{2}-\d{2})");
  if (!std::regex_match(v, iso)) return false;
  const int y = std::stoi(v.substr(0, 4)), m = std::stoi(v.substr(5, 2)), d = std::stoi(v.substr(8, 2));
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= days[m - 1] + (m == 2 && leap ? 1 : 0);
}

class ExportOracle {
 public:
  explicit ExportOracle(const std::string& dir) {
    auto dict = dictionary::read_redcap_dictionary(dir + "/dictionary.csv");
    EXPECT_TRUE(dict.has_value()) << (dict ? "" : dict.error().to_string());
    dict_ = std::move(*dict);
    auto mapped = dictionary::apply_mapping(dict_, dir + "/mapping.csv");
    EXPECT_TRUE(mapped.has_value()) << (mapped ? "" : mapped.error().to_string());
  }
  const dictionary::Dictionary& dict() const { return dict_; }

  // Every cell of `table` (file name `file`) that breaks a clean-data rule.
  std::set<CellKey> violations(const std::string& file, const Table& table) const {
    std::set<CellKey> out;
    std::string diagnosis;  // of the record's base row, which REDCap writes first
    for (const auto& row : table.rows) check_row(file, table.header, row, diagnosis, out);
    return out;
  }

 private:
  const dictionary::Variable* variable_of(const std::string& column) const {
    const auto sep = column.find("___");
    return dict_.find(sep == std::string::npos ? column : column.substr(0, sep));
  }

  void check_row(const std::string& file, const std::vector<std::string>& header,
                 const std::vector<std::string>& row, std::string& diagnosis, std::set<CellKey>& out) const {
    std::map<std::string, std::string> cells;
    for (std::size_t i = 0; i < header.size(); ++i) cells[header[i]] = row[i];
    const std::string& instrument = cells["redcap_repeat_instrument"];
    auto flag = [&](const std::string& column) {
      out.emplace(file, cells["record_id"], instrument, cells["redcap_repeat_instance"], column);
    };
    dictionary::logic::Resolver resolve = [&](const dictionary::logic::FieldRef& ref) -> std::optional<std::string> {
      const std::string column = ref.choice_code.empty() ? ref.variable : ref.variable + "___" + ref.choice_code;
      auto it = cells.find(column);
      if (it == cells.end()) return std::nullopt;
      return it->second;
    };
    for (std::size_t i = 4; i < header.size(); ++i) {
      const std::string& column = header[i];
      const std::string& value = row[i];
      const bool complete = column.size() > 9 && column.ends_with("_complete");
      const std::string form = complete ? column.substr(0, column.size() - 9) : variable_of(column)->form;
      const bool applies = (form == "treatment") == (instrument == "treatment");
      if (!applies) {
        if (!value.empty()) flag(column);
        continue;
      }
      if (complete) {
        if (value != "2") flag(column);
        continue;
      }
      if (!cell_ok(*variable_of(column), column, value, resolve)) flag(column);
    }
    check_dates(cells, instrument, flag);
    if (instrument.empty()) {
      diagnosis = cells["diagnosis_date"];
    } else if (real_date(diagnosis) && real_date(cells["treatment_start"]) && cells["treatment_start"] < diagnosis) {
      flag("treatment_start");
    }
  }

  bool cell_ok(const dictionary::Variable& v, const std::string& column, const std::string& value,
               const dictionary::logic::Resolver& resolve) const {
    using dictionary::FieldType;
    bool shown = true;
    if (!v.branching_logic.empty()) {
      auto logic = dictionary::logic::parse(v.branching_logic);
      EXPECT_TRUE(logic.has_value()) << v.branching_logic;
      auto result = logic->test(resolve);
      EXPECT_TRUE(result.has_value()) << v.branching_logic;
      shown = *result;
    }
    if (!shown || value.empty()) return !shown && value.empty();
    if (v.mapping.max_length && value.size() > *v.mapping.max_length) return false;
    switch (v.type) {
      case FieldType::checkbox: return value == "0" || value == "1";
      case FieldType::yesno: return value == "0" || value == "1";
      case FieldType::dropdown:
      case FieldType::radio: return v.find_choice(value) != nullptr;
      case FieldType::calc: return calc_ok(v, value, resolve);
      default: break;
    }
    (void)column;
    return text_ok(v.validation, value);
  }

  static bool calc_ok(const dictionary::Variable& v, const std::string& value,
                      const dictionary::logic::Resolver& resolve) {
    auto logic = dictionary::logic::parse(v.calculation);
    EXPECT_TRUE(logic.has_value()) << v.calculation;
    auto result = logic->evaluate(resolve);
    if (!result || !std::holds_alternative<double>(result->data)) return false;
    return std::fabs(std::get<double>(result->data) - std::stod(value)) < 1e-9;
  }

  static bool text_ok(const dictionary::Validation& val, const std::string& value) {
    using dictionary::ValidationKind;
    static const std::regex integer(R"(-?\d+)"), number(R"(-?\d+(\.\d+)?)"), one_dp(R"(-?\d+\.\d)");
    switch (val.kind) {
      case ValidationKind::none: return true;
      case ValidationKind::date_ymd:
        return real_date(value) && (val.min.empty() || value >= val.min) && (val.max.empty() || value <= val.max);
      case ValidationKind::integer:
      case ValidationKind::number: {
        const std::regex& form = val.kind == ValidationKind::integer ? integer
                                 : val.decimals == 1                  ? one_dp
                                                                      : number;
        if (!std::regex_match(value, form)) return false;
        const double x = std::stod(value);
        return (val.min.empty() || x >= std::stod(val.min)) && (val.max.empty() || x <= std::stod(val.max));
      }
      default: ADD_FAILURE() << "validation the oracle does not know: " << val.name; return false;
    }
  }

  // Date order: a violation is charged to the later field of the broken pair.
  template <class Flag>
  static void check_dates(std::map<std::string, std::string>& c, const std::string& instrument, Flag flag) {
    auto before = [&](const std::string& a, const std::string& b, bool strict) {
      if (!real_date(c[a]) || !real_date(c[b])) return true;
      return strict ? c[a] < c[b] : c[a] <= c[b];
    };
    if (instrument == "treatment") {
      if (!before("treatment_start", "treatment_end", false)) flag("treatment_end");
      return;
    }
    if (!before("birth_date", "diagnosis_date", true)) flag("diagnosis_date");
    if (!before("diagnosis_date", "last_contact_date", false)) flag("last_contact_date");
    if (!before("diagnosis_date", "death_date", false)) flag("death_date");
  }

  dictionary::Dictionary dict_;
};

}  // namespace oncoshare::synth::testing
