// Shared helpers for the ingest tests: fixture paths, reading all records, and turning a
// raw fixture export into label and EAV exports (written independently of the reader).
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "core/csv_reader.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "ingest/ingest.hpp"
#include "shared_fixtures.hpp"

namespace oncoshare::ingest::test {

// A file of a real REDCap project in the shared fixtures, outside the repository; a test
// calling it is skipped when that folder is absent (tests/shared_fixtures.hpp).
inline std::string fixture(const std::string& set, const std::string& file) {
  return ::oncoshare::fixtures::redcap_fixture("redcapr-" + set + "/" + file);
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline dictionary::Dictionary load_dictionary(const std::string& set) {
  auto dict = dictionary::read_redcap_dictionary(fixture(set, "dictionary.csv"));
  if (!dict) ADD_FAILURE() << dict.error().to_string();
  return dict ? std::move(*dict) : dictionary::Dictionary{};
}

// Reads every record; a reader error fails the test.
inline std::vector<Record> read_all(ExportReader& reader) {
  std::vector<Record> out;
  Record r;
  core::ReadStatus s;
  while ((s = reader.next(r)) == core::ReadStatus::ok) out.push_back(r);
  EXPECT_EQ(s, core::ReadStatus::end) << reader.error().to_string();
  return out;
}

// The error of the first failing next() (or of open()), as one line.
inline std::string first_error(const std::string& data, const dictionary::Dictionary& dict,
                               ReaderOptions options = {}) {
  auto reader = ExportReader::from_string(data, "t.csv", dict, std::move(options));
  if (!reader) return reader.error().to_string();
  Record r;
  core::ReadStatus s;
  while ((s = reader->next(r)) == core::ReadStatus::ok) {
  }
  return s == core::ReadStatus::error ? reader->error().to_string() : "no error";
}

inline std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  auto csv = core::CsvReader::from_string(text, "raw");
  std::vector<std::vector<std::string>> rows;
  core::CsvRow row;
  while (csv.next(row) == core::ReadStatus::ok) rows.push_back(row.fields);
  return rows;
}

inline std::string quote(const std::string& field) {
  if (field.find_first_of(",\"\n\r ") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

inline std::string join_row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + quote(fields[i]);
  return out + "\n";
}

// A record as (identity, every column name -> value), independent of column order.
using Canonical = std::tuple<std::string, std::string, std::string, std::uint32_t, std::string,
                             std::map<std::string, std::string>>;
inline Canonical canonical(const Layout& layout, const Record& r) {
  std::map<std::string, std::string> values;
  for (std::size_t i = 0; i < layout.columns.size(); ++i) {
    values[layout.columns[i].name] = i < r.values.size() ? r.values[i] : "";
  }
  return {r.record_id, r.event, r.repeat_instrument, r.repeat_instance, r.data_access_group,
          values};
}

}  // namespace oncoshare::ingest::test
