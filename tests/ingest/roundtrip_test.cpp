// Label and EAV exports generated from the raw fixtures must read back to the same Records.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "ingest/test_support.hpp"

namespace oncoshare::ingest {
namespace {

using dictionary::Dictionary;
using dictionary::FieldType;
using dictionary::Variable;
using test::fixture;

const Variable* checkbox_of(const Dictionary& dict, const std::string& column, std::string& code) {
  const auto at = column.find("___");
  if (at == std::string::npos) return nullptr;
  const Variable* v = dict.find(column.substr(0, at));
  if (!v || v->type != FieldType::checkbox) return nullptr;
  code = column.substr(at + 3);
  return v;
}

const dictionary::Choice* choice_ci(const Variable& v, const std::string& code) {
  for (const auto& c : v.choices) {
    std::string lc = c.code;
    std::transform(lc.begin(), lc.end(), lc.begin(), [](unsigned char ch) { return std::tolower(ch); });
    if (lc == code) return &c;
  }
  return nullptr;
}

// Written independently of the reader: REDCap's csvlabels conventions.
std::string to_labels(const Dictionary& dict, const std::string& raw,
                      const std::vector<EventInfo>& events) {
  const auto rows = test::parse_csv(raw);
  const auto& header = rows[0];
  std::vector<std::string> labels;
  for (const std::string& h : header) {
    std::string code;
    if (h == dict.record_id().name) labels.push_back("Record ID");
    else if (h == "redcap_event_name") labels.push_back("Event Name");
    else if (h == "redcap_repeat_instrument") labels.push_back("Repeat Instrument");
    else if (h == "redcap_repeat_instance") labels.push_back("Repeat Instance");
    else if (h == "redcap_data_access_group") labels.push_back("Data Access Group");
    else if (h.ends_with("_complete") && !dict.find(h)) labels.push_back("Complete?");
    else if (const Variable* v = checkbox_of(dict, h, code)) {
      labels.push_back(v->label + " (choice=" + choice_ci(*v, code)->label + ")");
    } else {
      labels.push_back(dict.find(h)->label);
    }
  }
  std::string out = test::join_row(labels);
  for (std::size_t r = 1; r < rows.size(); ++r) {
    std::vector<std::string> row = rows[r];
    for (std::size_t i = 0; i < row.size(); ++i) {
      std::string& value = row[i];
      const std::string& h = header[i];
      std::string code;
      if (value.empty() || i == 0) continue;
      if (h == "redcap_event_name") {
        for (const EventInfo& e : events) {
          if (e.unique_name == value) value = e.name + " (Arm " + e.arm + ": Arm " + e.arm + ")";
        }
      } else if (h == "redcap_repeat_instrument") {
        std::replace(value.begin(), value.end(), '_', ' ');
        value[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(value[0])));
      } else if (h.ends_with("_complete") && !dict.find(h)) {
        value = value == "0" ? "Incomplete" : value == "1" ? "Unverified" : "Complete";
      } else if (checkbox_of(dict, h, code)) {
        value = value == "1" ? "Checked" : "Unchecked";
      } else if (const Variable* v = dict.find(h); v && !v->choices.empty() &&
                                                   v->type != FieldType::calc &&
                                                   v->type != FieldType::slider) {
        if (const auto* c = v->find_choice(value)) value = c->label;
      }
    }
    out += test::join_row(row);
  }
  return out;
}

std::string to_eav(const Dictionary& dict, const std::string& raw) {
  const auto rows = test::parse_csv(raw);
  const auto& header = rows[0];
  std::vector<std::size_t> keys{0};
  std::vector<std::string> out_header{"record"};
  for (std::size_t i = 1; i < header.size(); ++i) {
    if (header[i] == "redcap_event_name" || header[i].starts_with("redcap_repeat_")) {
      keys.push_back(i);
      out_header.push_back(header[i]);
    }
  }
  out_header.insert(out_header.end(), {"field_name", "value"});
  std::string out = test::join_row(out_header);
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    const auto emit = [&](const std::string& field, const std::string& value) {
      std::vector<std::string> line;
      for (std::size_t k : keys) line.push_back(row[k]);
      line.push_back(field);
      line.push_back(value);
      out += test::join_row(line);
    };
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (row[i].empty() || std::find(keys.begin() + 1, keys.end(), i) != keys.end()) continue;
      std::string code;
      if (checkbox_of(dict, header[i], code)) {
        if (row[i] == "1") emit(header[i].substr(0, header[i].find("___")), code);
      } else {
        emit(header[i], row[i]);
      }
    }
  }
  return out;
}

class RoundTrip : public ::testing::TestWithParam<std::string> {};

std::vector<Record> read_text(const std::string& text, const Dictionary& dict,
                              ReaderOptions options, Layout* layout, ExportFormat expected) {
  auto reader = ExportReader::from_string(text, "generated.csv", dict, std::move(options));
  EXPECT_TRUE(reader) << (reader ? "" : reader.error().to_string());
  if (!reader) return {};
  EXPECT_EQ(reader->layout().format, expected);
  auto records = test::read_all(*reader);
  *layout = reader->layout();
  for (const auto& w : reader->warnings()) ADD_FAILURE() << w.to_string();
  return records;
}

TEST_P(RoundTrip, LabelExportGivesTheSameRecords) {
  const std::string set = GetParam();
  const Dictionary dict = test::load_dictionary(set);
  const std::string raw = test::slurp(fixture(set, "export.csv"));
  ReaderOptions options;
  if (set == "longitudinal") options.events = *read_redcap_events(fixture(set, "events.csv"));
  Layout raw_layout, label_layout;
  const auto expected = read_text(raw, dict, {}, &raw_layout, ExportFormat::flat);
  const std::string labels = to_labels(dict, raw, options.events);
  ASSERT_NE(labels, raw);
  const auto got = read_text(labels, dict, options, &label_layout, ExportFormat::labels);
  ASSERT_EQ(got.size(), expected.size());
  EXPECT_TRUE(label_layout.unknown_columns().empty());
  EXPECT_TRUE(label_layout.missing_variables.empty());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].values, expected[i].values) << "row " << i;
    // Labels with embedded newlines make the header longer; rows keep their spacing.
    EXPECT_EQ(got[i].line - got[0].line, expected[i].line - expected[0].line);
    EXPECT_EQ(test::canonical(label_layout, got[i]), test::canonical(raw_layout, expected[i]));
  }
}

TEST_P(RoundTrip, EavExportGivesTheSameRecords) {
  const std::string set = GetParam();
  const Dictionary dict = test::load_dictionary(set);
  const std::string raw = test::slurp(fixture(set, "export.csv"));
  Layout raw_layout, eav_layout;
  const auto expected = read_text(raw, dict, {}, &raw_layout, ExportFormat::flat);
  const auto got = read_text(to_eav(dict, raw), dict, {}, &eav_layout, ExportFormat::eav);
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(test::canonical(eav_layout, got[i]), test::canonical(raw_layout, expected[i]))
        << "row " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Real, RoundTrip,
                         ::testing::Values("clinical-trial-1", "blank-for-gray-status",
                                           "longitudinal", "repeating-instruments-sparse",
                                           "checkboxes-1", "validation-types-1",
                                           "potentially-problematic-values"),
                         [](const auto& info) {
                           std::string n = info.param;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

TEST(Labels, CheckboxLabelHeaderAndValues) {
  const Dictionary dict = test::load_dictionary("blank-for-gray-status");
  const std::string labels = to_labels(dict, test::slurp(fixture("blank-for-gray-status", "export.csv")), {});
  EXPECT_NE(labels.find("\"Race (Select all that apply) (choice=Asian)\""), std::string::npos);
  EXPECT_NE(labels.find("Checked"), std::string::npos);
  EXPECT_NE(labels.find("Data Access Group"), std::string::npos);
}

}  // namespace
}  // namespace oncoshare::ingest
