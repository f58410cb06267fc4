// Dictionaries from public REDCap projects (redcap-wild/ in the shared fixtures, outside the
// repository; each test is skipped when that folder is absent, tests/shared_fixtures.hpp):
// what REDCap accepts must pass, real faults must stay reported.
#include <gtest/gtest.h>

#include <filesystem>

#include "dictionary/check.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "dictionary/validation.hpp"
#include "dictionary_test_support.hpp"

namespace oncoshare::dictionary {
namespace {

using testing::wild_fixture;

#define SKIP_WITHOUT(path)                                                     \
  if (!std::filesystem::exists(path)) {                                        \
    GTEST_SKIP() << "REDCap fixture not found: " << (path);                    \
  }

// REDCap's own regression dictionary: every validation with min/max as Excel writes them.
TEST(WildFixture, FieldValidationDictionaryHasNoProblems) {
  const std::string path = wild_fixture("redcap-cypress/field_validation_dictionary.csv");
  SKIP_WITHOUT(path);
  auto d = read_redcap_dictionary(path);
  ASSERT_TRUE(d.has_value()) << d.error().to_string();
  std::vector<std::string> problems;
  for (const Problem& p : check_dictionary(*d)) problems.push_back(p.to_string());
  EXPECT_EQ(problems, std::vector<std::string>{});
  EXPECT_EQ(d->find("ran_date_dmy")->validation.min, "1/1/19");  // kept as written
  EXPECT_EQ(canonical_bound(d->find("ran_date_dmy")->validation, "1/31/19"), "2019-01-31");
}

// autocomplete is built in; project-defined types still warn.
TEST(WildFixture, CartValidationTypes) {
  const std::string path = wild_fixture("redcaptidier/cart_dictionary.csv");
  SKIP_WITHOUT(path);
  auto d = read_redcap_dictionary(path);
  ASSERT_TRUE(d.has_value()) << d.error().to_string();
  std::vector<std::string> validation;
  for (const Problem& p : check_dictionary(*d)) {
    if (p.message.find("validation") != std::string::npos) validation.push_back(p.to_string());
  }
  EXPECT_EQ(validation,
            (std::vector<std::string>{
                path + ":4: field 'demo_mrn': warning: unknown validation type 'mrn_8d' "
                       "(project-defined?); its values cannot be checked",
                path + ":153: field 'dasmt_emed_disease_imaging_type_specify': warning: unknown "
                       "validation type 'text_0_200' (project-defined?); its values cannot be "
                       "checked"}));
}

}  // namespace
}  // namespace oncoshare::dictionary
