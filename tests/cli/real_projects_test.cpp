// Every real REDCap project in the shared fixtures (redcap-real/, redcap-wild/: files written
// by other people, outside the repository; the test is skipped when that folder is absent) goes
// through `dictionary check`, `ingest` and `quality` without a usage/input failure (exit 2),
// and every problem still reported is a real fault of that file, listed here with its message.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_support.hpp"
#include "shared_fixtures.hpp"

namespace oncoshare::cli::test {
namespace {

struct RealProject {
  std::string collection;  // redcap-real or redcap-wild
  std::string dictionary;  // relative to the collection
  std::string data;        // empty: the project ships no export
  // Problems `dictionary check` reports (file prefix cut), in order.
  std::vector<std::string> dictionary_problems;
  // Warnings `quality` prints on stderr besides those of the dictionary (file prefix cut).
  // `ingest` reports no problem on any of them.
  std::vector<std::string> quality_warnings;
};

void PrintTo(const RealProject& p, std::ostream* out) { *out << p.collection << "/" << p.dictionary; }

// Test names from the dictionary's path: redcap_real_redcapr_longitudinal_dictionary_csv.
std::string name_of(const ::testing::TestParamInfo<RealProject>& info) {
  std::string name = info.param.collection + "_" + info.param.dictionary;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

// The lines of `text` that report an error or a warning, with `prefix` removed where it occurs.
std::vector<std::string> problem_lines(const std::string& text, const std::string& prefix) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.find("error:") == std::string::npos && line.find("warning:") == std::string::npos) {
      continue;
    }
    for (auto at = line.find(prefix); at != std::string::npos; at = line.find(prefix)) {
      line.erase(at, prefix.size());
    }
    lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> without(std::vector<std::string> lines, const std::vector<std::string>& drop) {
  std::erase_if(lines, [&](const std::string& l) {
    return std::find(drop.begin(), drop.end(), l) != drop.end();
  });
  return lines;
}

class RealProjectTest : public ::testing::TestWithParam<RealProject> {};

TEST_P(RealProjectTest, LoadsChecksAndScoresWithOnlyItsRealFaultsReported) {
  const RealProject& p = GetParam();
  const std::string folder = fixtures::shared_fixture(p.collection) + "/";
  TempDir dir;
  const std::string dictionary = "'" + folder + p.dictionary + "'";

  const CommandRun check = run(dir, "dictionary check --dictionary " + dictionary);
  EXPECT_NE(check.exit_code, 2) << check.err;
  const bool has_error = std::any_of(p.dictionary_problems.begin(), p.dictionary_problems.end(),
                                     [](const std::string& l) { return l.find("error:") != std::string::npos; });
  EXPECT_EQ(check.exit_code, has_error ? 1 : 0) << check.err;
  const auto dictionary_lines = problem_lines(check.out + check.err, folder);
  EXPECT_EQ(dictionary_lines, p.dictionary_problems);
  if (p.data.empty()) return;

  const std::string data = "'" + folder + p.data + "'";
  const CommandRun ingest = run(dir, "ingest --dictionary " + dictionary + " --data " + data + " --out records.ndjson");
  EXPECT_EQ(ingest.exit_code, 0) << ingest.err;
  EXPECT_EQ(problem_lines(ingest.out + ingest.err, folder), std::vector<std::string>{}) << ingest.err;

  const CommandRun quality = run(dir, "quality --dictionary " + dictionary + " --data " + data + " --out quality");
  EXPECT_EQ(quality.exit_code, 0) << quality.err;
  EXPECT_EQ(without(problem_lines(quality.err, folder), dictionary_lines), p.quality_warnings);
  EXPECT_TRUE(std::filesystem::exists(dir.path("quality/quality.json")));
}

const RealProject kProjects[] = {
    {"redcap-real", "redcapr-blank-for-gray-status/dictionary.csv", "redcapr-blank-for-gray-status/export.csv",
     {},
     {}},
    {"redcap-real", "redcapr-checkboxes-1/dictionary.csv", "redcapr-checkboxes-1/export.csv",
     {},
     {}},
    {"redcap-real", "redcapr-clinical-trial-1/dictionary.csv", "redcapr-clinical-trial-1/export.csv",
     {},
     {}},
    {"redcap-real", "redcapr-longitudinal/dictionary.csv", "redcapr-longitudinal/export.csv",
     {"redcapr-longitudinal/dictionary.csv:78: field 'creat_4': warning: the label 'Creatinine (mg/dL)' names a unit (mg/dL) but the validation is date_ymd: a measurement stored as a date?"},
     {}},
    {"redcap-real", "redcapr-potentially-problematic-dictionary/dictionary.csv", "",
     {},
     {}},
    {"redcap-real", "redcapr-potentially-problematic-values/dictionary.csv", "redcapr-potentially-problematic-values/export.csv",
     {},
     {}},
    {"redcap-real", "redcapr-repeating-instruments-sparse/dictionary.csv", "redcapr-repeating-instruments-sparse/export.csv",
     {},
     {}},
    {"redcap-real", "redcapr-validation-types-1/dictionary.csv", "redcapr-validation-types-1/export.csv",
     {},
     {}},
    {"redcap-wild", "bridge2ai-voice/dictionary.csv", "",
     {"bridge2ai-voice/dictionary.csv:162: field 'usf_icf_question_en': warning: flagged as identifier but it is a radio field; identifiers are usually free text (names, dates, numbers)",
      "bridge2ai-voice/dictionary.csv:179: field 'usf_icf_question_es': warning: flagged as identifier but it is a radio field; identifiers are usually free text (names, dates, numbers)",
      "bridge2ai-voice/dictionary.csv:192: field 'mit_icf_question_en': warning: flagged as identifier but it is a radio field; identifiers are usually free text (names, dates, numbers)",
      "bridge2ai-voice/dictionary.csv:1020: field 'edu_level': warning: flagged as identifier but it is a radio field; identifiers are usually free text (names, dates, numbers)",
      "bridge2ai-voice/dictionary.csv:3494: field 'peds_edu_level': warning: flagged as identifier but it is a radio field; identifiers are usually free text (names, dates, numbers)"},
     {}},
    {"redcap-wild", "redcap-cypress/export_extraction_dictionary.csv", "",
     {},
     {}},
    {"redcap-wild", "redcap-cypress/field_validation_dictionary.csv", "",
     {},
     {}},
    {"redcap-wild", "redcap-cypress/reporting_dictionary.csv", "",
     {},
     {}},
    {"redcap-wild", "redcaptidier/cart_dictionary.csv", "redcaptidier/cart_export.csv",
     {"redcaptidier/cart_dictionary.csv:4: field 'demo_mrn': warning: unknown validation type 'mrn_8d' (project-defined?); its values cannot be checked",
      "redcaptidier/cart_dictionary.csv:34: field 'physical_capture': error: branching logic at column 1 refers to unknown variable 'infseq_number'",
      "redcaptidier/cart_dictionary.csv:37: field 'physical_performed': error: branching logic at column 2 refers to unknown variable 'infseq_number'",
      "redcaptidier/cart_dictionary.csv:37: field 'physical_performed': error: branching logic at column 54 refers to unknown variable 'infseq_number'",
      "redcaptidier/cart_dictionary.csv:46: field 'hemat_capture': error: branching logic at column 1 refers to unknown variable 'infseq_number'",
      "redcaptidier/cart_dictionary.csv:49: field 'hemat_performed': error: branching logic at column 2 refers to unknown variable 'infseq_number'",
      "redcaptidier/cart_dictionary.csv:49: field 'hemat_performed': error: branching logic at column 54 refers to unknown variable 'infseq_number'",
      "redcaptidier/cart_dictionary.csv:119: field 'dasmt_ph_qpcr': error: branching logic at column 1 refers to unknown variable 'cancer_ph'",
      "redcaptidier/cart_dictionary.csv:153: field 'dasmt_emed_disease_imaging_type_specify': warning: unknown validation type 'text_0_200' (project-defined?); its values cannot be checked"},
     {"redcaptidier/cart_dictionary.csv:34: field 'physical_capture': warning: branching logic is not checkable (column 1): [infusion_sequence_arm_1][infseq_number] names a field the dictionary does not define",
      "redcaptidier/cart_dictionary.csv:37: field 'physical_performed': warning: branching logic is not checkable (column 2): [infusion_sequence_arm_1][infseq_number] names a field the dictionary does not define",
      "redcaptidier/cart_dictionary.csv:46: field 'hemat_capture': warning: branching logic is not checkable (column 1): [infusion_sequence_arm_1][infseq_number] names a field the dictionary does not define",
      "redcaptidier/cart_dictionary.csv:49: field 'hemat_performed': warning: branching logic is not checkable (column 2): [infusion_sequence_arm_1][infseq_number] names a field the dictionary does not define",
      "redcaptidier/cart_dictionary.csv:119: field 'dasmt_ph_qpcr': warning: branching logic is not checkable (column 1): [screening__enrollm_arm_1][cancer_ph] names a field the dictionary does not define"}},
    {"redcap-wild", "redcaptidier/heroes_dictionary.csv", "redcaptidier/heroes_export.csv",
     {},
     {}},
};

INSTANTIATE_TEST_SUITE_P(SharedFixtures, RealProjectTest, ::testing::ValuesIn(kProjects), name_of);

}  // namespace
}  // namespace oncoshare::cli::test
