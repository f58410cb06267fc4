// Rows for the CDM writers' tests, built by field name, and the smallest vocabulary that lets
// rows referring to concept 0 pass the foreign keys.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "omop/cdm_schema.hpp"
#include "omop/cdm_writer.hpp"

namespace oncoshare::testing_support {

using FieldValues = std::map<std::string, std::optional<std::string>>;

// Adds one row of `table_name`: `values` by field name, NULL for fields not named.
inline core::Status add_row(omop::CdmWriter& writer, const std::string& table_name,
                            const FieldValues& values) {
  const omop::CdmTable* table = omop::find_cdm_table(table_name);
  EXPECT_NE(table, nullptr) << table_name;
  std::vector<omop::Cell> cells(table->fields.size());
  for (const auto& [name, value] : values) {
    const int index = table->field(name);
    EXPECT_GE(index, 0) << table_name << "." << name;
    if (index >= 0 && value) cells[static_cast<std::size_t>(index)] = *value;
  }
  return writer.add(*table, cells);
}

// Concept 0 with its domain, vocabulary and concept class, which refer to it in turn.
inline void add_minimal_vocabulary(omop::CdmWriter& writer) {
  ASSERT_TRUE(add_row(writer, "concept",
                      {{"concept_id", "0"},
                       {"concept_name", "No matching concept"},
                       {"domain_id", "Metadata"},
                       {"vocabulary_id", "None"},
                       {"concept_class_id", "Undefined"},
                       {"concept_code", "No matching concept"},
                       {"valid_start_date", "1970-01-01"},
                       {"valid_end_date", "2099-12-31"}}));
  ASSERT_TRUE(add_row(
      writer, "domain",
      {{"domain_id", "Metadata"}, {"domain_name", "Metadata"}, {"domain_concept_id", "0"}}));
  ASSERT_TRUE(add_row(writer, "vocabulary",
                      {{"vocabulary_id", "None"},
                       {"vocabulary_name", "OMOP Standardized Vocabularies"},
                       {"vocabulary_concept_id", "0"}}));
  ASSERT_TRUE(add_row(writer, "concept_class",
                      {{"concept_class_id", "Undefined"},
                       {"concept_class_name", "Undefined"},
                       {"concept_class_concept_id", "0"}}));
}

// A person whose concepts are all 0, born 1960.
inline FieldValues person_row(const std::string& person_id) {
  return {{"person_id", person_id},
          {"gender_concept_id", "0"},
          {"year_of_birth", "1960"},
          {"race_concept_id", "0"},
          {"ethnicity_concept_id", "0"}};
}

// Text that needs every escape of COPY and of SQL: tab, newline, carriage return, backslash,
// both quotes, a \N look-alike and multi-byte UTF-8.
inline const std::string kAwkwardText =
    "tab\there\nnew line\r\\ back\\slash 'single' \"double\" \\N é 漢字 🙂";

// Note 7 of person 1: awkward title and text, a leap-day date and datetime, a note_event_id
// past 2^32, no provider.
inline FieldValues awkward_note_row() {
  return {{"note_id", "7"},
          {"person_id", "1"},
          {"note_date", "2020-02-29"},
          {"note_datetime", "2020-02-29 13:14:15"},
          {"note_type_concept_id", "0"},
          {"note_class_concept_id", "0"},
          {"note_title", kAwkwardText},
          {"note_text", kAwkwardText},
          {"encoding_concept_id", "0"},
          {"language_concept_id", "0"},
          {"note_event_id", "9000000000"}};
}

// awkward_note_row() read back from a database: the columns kAwkwardNoteColumns names, in order.
inline const std::string kAwkwardNoteColumns = "note_title, note_text, note_event_id, note_date, note_datetime, provider_id";
inline void expect_awkward_note(const std::vector<std::optional<std::string>>& row) {
  ASSERT_GE(row.size(), 6u);
  EXPECT_EQ(row[0], kAwkwardText);
  EXPECT_EQ(row[1], kAwkwardText);
  EXPECT_EQ(row[2], "9000000000");
  EXPECT_EQ(row[3], "2020-02-29");
  EXPECT_EQ(row[4], "2020-02-29 13:14:15");
  EXPECT_EQ(row[5], std::nullopt);
}

// Measurement 3 of person 1: a negative value and no unit.
inline FieldValues negative_measurement_row() {
  return {{"measurement_id", "3"},
          {"person_id", "1"},
          {"measurement_concept_id", "0"},
          {"measurement_date", "2021-01-02"},
          {"measurement_type_concept_id", "0"},
          {"value_as_number", "-1.25"}};
}

// Person 1 with a gender concept no vocabulary holds: the commit must fail on its foreign key.
inline const std::string kUnknownGender = "8532";
inline FieldValues person_of_unknown_gender() {
  FieldValues person = person_row("1");
  person["gender_concept_id"] = kUnknownGender;
  return person;
}

// The error of a commit of person_of_unknown_gender(): bad input naming the constraint, never the value.
inline void expect_unknown_gender_refused(const core::Error& error) {
  EXPECT_EQ(error.code, core::ErrorCode::bad_input);
  EXPECT_NE(error.message.find("fpk_person_gender_concept_id"), std::string::npos) << error.message;
  EXPECT_EQ(error.message.find(kUnknownGender), std::string::npos) << error.message;
}

}  // namespace oncoshare::testing_support
