// Patients drawn at random from the exports the test nodes serve, with the values of theirs
// that would identify them if a node sent them back, and a search for those values in what a
// node said.
#pragma once

#include <cctype>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "coordinator/federation_support.hpp"
#include "core/csv_reader.hpp"

namespace oncoshare::coordinator::testing {

struct ExportValue {
  std::string field;  // export column
  std::string value;  // as written in the export
};

struct DrawnPatient {
  std::string record_id;
  int site = 0;
  std::vector<ExportValue> values;  // every non-empty cell of every row of the record, record id included
  [[nodiscard]] std::string value_of(const std::string& field) const {
    for (const auto& v : values) {
      if (v.field == field) return v.value;
    }
    return "";
  }
};

// Every record of the federation's exports, and for each value the records holding it.
struct ExportContents {
  std::map<std::string, DrawnPatient> records;
  std::map<std::string, std::set<std::string>> holders;
};

inline const ExportContents& export_contents() {
  static const ExportContents contents = [] {
    ExportContents out;
    for (int k = 1; k <= kSites; ++k) {
      auto reader = core::CsvReader::open(world().site_export(k));
      EXPECT_TRUE(reader);
      core::CsvRow row;
      EXPECT_EQ(reader->next(row), core::ReadStatus::ok);
      const std::vector<std::string> header = row.fields;
      while (reader->next(row) == core::ReadStatus::ok) {
        DrawnPatient& patient = out.records[row.fields.at(0)];
        patient.record_id = row.fields.at(0);
        patient.site = k;
        for (std::size_t c = 0; c < row.fields.size() && c < header.size(); ++c) {
          if (row.fields[c].empty() || header[c].starts_with("redcap_")) continue;
          patient.values.push_back({header[c], row.fields[c]});
          out.holders[row.fields[c]].insert(patient.record_id);
        }
      }
    }
    return out;
  }();
  return contents;
}

// `count` distinct records drawn with `seed`.
inline std::vector<DrawnPatient> draw_patients(std::uint64_t seed, std::size_t count) {
  const auto& records = export_contents().records;
  std::vector<const DrawnPatient*> all;
  for (const auto& [id, patient] : records) all.push_back(&patient);
  std::mt19937_64 random(seed);
  std::shuffle(all.begin(), all.end(), random);
  std::vector<DrawnPatient> out;
  for (std::size_t i = 0; i < count && i < all.size(); ++i) out.push_back(*all[i]);
  return out;
}

// The seed of this run: ONCOSHARE_LEAK_SEED when set (to replay a failure), else a fresh one.
inline std::uint64_t leak_seed() {
  if (const char* set = std::getenv("ONCOSHARE_LEAK_SEED")) return std::stoull(set);
  return std::random_device{}() * 4294967296ULL + std::random_device{}();
}

// Where `value` occurs in `text` as a whole token (not inside a longer number or word:
// "72.9" is not found in "172.95"), or npos.
inline std::size_t find_token(const std::string& text, const std::string& value) {
  auto part_of_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  for (std::size_t at = text.find(value); at != std::string::npos; at = text.find(value, at + 1)) {
    const std::size_t end = at + value.size();
    const bool before = at > 0 && (part_of_word(text[at - 1]) || text[at - 1] == '.');
    const bool after = end < text.size() &&
                       (part_of_word(text[end]) || (text[end] == '.' && end + 1 < text.size() &&
                                                    std::isdigit(static_cast<unsigned char>(text[end + 1]))));
    if (!before && !after) return at;
  }
  return std::string::npos;
}

// The values of `patient` a node must never send. Left out, because finding them in an
// answer would say nothing about this patient:
//  - integers below 1000 and anything shorter than 3 characters (choice codes, ages, sizes):
//    they are also counts, cell sizes, grid points and parameters of any answer;
//  - values held by more than 3 records (common dates, codes such as "C50.9" or "8500_3");
//  - values the session itself sent (`sent`): a researcher's own literal may be echoed.
// The record id is always kept.
inline std::vector<ExportValue> identifying_values(const DrawnPatient& patient, const std::string& sent) {
  std::vector<ExportValue> out;
  std::set<std::string> seen;
  for (const auto& v : patient.values) {
    const bool integer = std::all_of(v.value.begin(), v.value.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    const bool short_value = v.value.size() < 3 || (integer && v.value.size() < 4);
    const bool common = export_contents().holders.at(v.value).size() > 3;
    if (v.field != "record_id" && (short_value || common || find_token(sent, v.value) != std::string::npos)) continue;
    if (seen.insert(v.value).second) out.push_back(v);
  }
  return out;
}

}  // namespace oncoshare::coordinator::testing
