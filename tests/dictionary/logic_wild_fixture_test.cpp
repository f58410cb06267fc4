// Logic in dictionaries written outside this project (redcap-wild/ in the shared
// fixtures, outside the repository): everything a real REDCap accepts parses, and the real faults are reported.
#include <gtest/gtest.h>

#include <filesystem>

#include "dictionary/dictionary_test_support.hpp"

#include "dictionary/check.hpp"
#include "dictionary/redcap_dictionary.hpp"

namespace oncoshare::dictionary {
namespace {

using testing::wild_fixture;

// The problems check_dictionary reports about branching logic and calculations.
std::vector<std::string> logic_problems(const std::string& path) {
  auto d = read_redcap_dictionary(path);
  EXPECT_TRUE(d.has_value()) << path << ": " << (d ? "" : d.error().to_string());
  std::vector<std::string> out;
  if (!d) return out;
  for (const Problem& p : check_dictionary(*d)) {
    const std::string text = p.to_string();
    if (text.find("branching logic") != std::string::npos || text.find("calculation") != std::string::npos) {
      out.push_back(text.substr(path.size()));
    }
  }
  return out;
}

TEST(LogicWildFixtures, Bridge2aiVoiceLogicParses) {
  // `||` and '#' comment lines at the start of multi-line branching logic.
  EXPECT_EQ(logic_problems(wild_fixture("bridge2ai-voice/dictionary.csv")), std::vector<std::string>{});
}

TEST(LogicWildFixtures, CartReportsOnlyTheUndefinedFields) {
  // [consent_date][first-instance] and && parse; infseq_number and cancer_ph are not defined.
  EXPECT_EQ(logic_problems(wild_fixture("redcaptidier/cart_dictionary.csv")), (std::vector<std::string>{
      ":34: field 'physical_capture': error: branching logic at column 1 refers to unknown variable 'infseq_number'",
      ":37: field 'physical_performed': error: branching logic at column 2 refers to unknown variable "
      "'infseq_number'",
      ":37: field 'physical_performed': error: branching logic at column 54 refers to unknown variable "
      "'infseq_number'",
      ":46: field 'hemat_capture': error: branching logic at column 1 refers to unknown variable 'infseq_number'",
      ":49: field 'hemat_performed': error: branching logic at column 2 refers to unknown variable 'infseq_number'",
      ":49: field 'hemat_performed': error: branching logic at column 54 refers to unknown variable "
      "'infseq_number'",
      ":119: field 'dasmt_ph_qpcr': error: branching logic at column 1 refers to unknown variable 'cancer_ph'"}));
}

}  // namespace
}  // namespace oncoshare::dictionary
