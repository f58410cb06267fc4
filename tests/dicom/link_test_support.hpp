// Shared set-up for the link and ImagingStudy tests: the fhir tests' synthetic cohort and keys, the records
// of its exports, and a linker over its keys.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/civil_date.hpp"
#include "core/csv_reader.hpp"
#include "fhir/fhir_test_support.hpp"
#include "privacy/pseudonym.hpp"

namespace oncoshare::dicom::test {

using fhir::test::cohort;
using fhir::test::work_dir;

// record id -> diagnosis_date of every record of the cohort's two exports whose
// diagnosis date is a valid date.
inline std::map<std::string, std::string> diagnosis_dates() {
  std::map<std::string, std::string> out;
  for (const char* site : {"site_1.csv", "site_2.csv"}) {
    core::Result<core::CsvReader> reader = core::CsvReader::open(cohort(site));
    EXPECT_TRUE(reader.has_value());
    if (!reader) return out;
    core::CsvRow row;
    std::size_t id_column = 0, date_column = 0;
    while (reader->next(row) == core::ReadStatus::ok) {
      if (row.index == 1) {
        for (std::size_t i = 0; i < row.fields.size(); ++i) {
          if (row.fields[i] == "record_id") id_column = i;
          if (row.fields[i] == "diagnosis_date") date_column = i;
        }
        continue;
      }
      const std::string& date = row.fields[date_column];
      if (core::parse_iso_date(date)) out.try_emplace(row.fields[id_column], date);
    }
  }
  return out;
}

inline privacy::Key load_key(const std::string& name) {
  core::Result<privacy::Key> key = privacy::Key::load(work_dir() + "/" + name);
  EXPECT_TRUE(key.has_value()) << (key ? "" : key.error().to_string());
  return key ? std::move(*key) : privacy::Key::generate();
}

}  // namespace oncoshare::dicom::test
