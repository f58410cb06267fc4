// The OMOP CDM 5.4 field-level specification read straight from OHDSI's CSV with the
// project's CSV reader, so that tests compare the generated schema and the databases with
// the specification rather than with the generator's reading of it.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "core/csv_reader.hpp"
#include "shared_fixtures.hpp"

namespace oncoshare::testing_support {

struct SpecField {
  std::string table;
  std::string field;     // the reserved word "offset" without its quotes
  std::string datatype;  // lower case: integer, float, varchar(50), varchar(max), date, datetime
  bool required = false;
  bool primary_key = false;
  std::string fk_table;  // lower case, "" when none
};

inline std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return text;
}

// Every field of the specification in its order; skips the test when the fixtures are absent.
inline std::vector<SpecField> spec_fields() {
  const std::string path = fixtures::shared_fixture("omop", "OMOP_CDMv5.4_Field_Level.csv");
  auto reader = core::CsvReader::open(path);
  EXPECT_TRUE(reader.has_value()) << path;
  std::vector<SpecField> fields;
  if (!reader) return fields;
  core::CsvRow row;
  std::vector<std::string> header;
  while (reader->next(row) == core::ReadStatus::ok) {
    if (header.empty()) {
      header = row.fields;
      continue;
    }
    auto cell = [&](const char* name) {
      const auto at = std::find(header.begin(), header.end(), name);
      return at == header.end() ? std::string()
                                : row.fields[static_cast<std::size_t>(at - header.begin())];
    };
    std::string field = lower(cell("cdmFieldName"));
    field.erase(std::remove(field.begin(), field.end(), '"'), field.end());
    const bool foreign = lower(cell("isForeignKey")) == "yes";
    fields.push_back({lower(cell("cdmTableName")), field, lower(cell("cdmDatatype")), lower(cell("isRequired")) == "yes",
                      lower(cell("isPrimaryKey")) == "yes", foreign ? lower(cell("fkTableName")) : ""});
    // The project's one documented departure (scripts/generate-omop-schema): the column holds
    // the 64-character keyed pseudonym.
    if (fields.back().table == "person" && fields.back().field == "person_source_value") {
      EXPECT_EQ(fields.back().datatype, "varchar(50)");
      fields.back().datatype = "varchar(64)";
    }
  }
  EXPECT_GT(fields.size(), 400u);
  return fields;
}

}  // namespace oncoshare::testing_support
