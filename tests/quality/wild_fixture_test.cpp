// The REDCapTidieR CAR-T project (redcap-wild/ in the shared fixtures, outside the repository): smart
// variables and && in its logic no longer stop the run; the logic naming undefined fields
// is listed as not checkable and everything else is scored.
#include <fmt/format.h>

#include <filesystem>

#include "quality/test_support.hpp"
#include "shared_fixtures.hpp"

namespace oncoshare::quality {
namespace {

// Skips the test when the shared fixtures folder (outside the repository) is absent.
std::string wild() { return fixtures::shared_fixture("redcap-wild"); }

TEST(WildFixtures, CartExportPassesQuality) {
  const std::string dictionary_path = wild() + "/redcaptidier/cart_dictionary.csv";
  auto dict = dictionary::read_redcap_dictionary(dictionary_path);
  ASSERT_TRUE(dict.has_value()) << dict.error().to_string();
  const test::Run run = test::run_checker(*dict, {wild() + "/redcaptidier/cart_export.csv"});
  ASSERT_EQ(run.error, "");
  EXPECT_EQ(run.report.records, 3u);
  EXPECT_EQ(run.report.rows, 22u);
  std::vector<std::string> listed;
  for (const NotCheckable& n : run.report.not_checkable) {
    listed.push_back(fmt::format("{}:{} {} {}", n.line, n.column, n.field, n.logic));
  }
  EXPECT_EQ(listed, (std::vector<std::string>{"34:1 physical_capture branching logic",
                                              "37:2 physical_performed branching logic",
                                              "46:1 hemat_capture branching logic",
                                              "49:2 hemat_performed branching logic",
                                              "119:1 dasmt_ph_qpcr branching logic"}));
  // demo_age = round(datediff([demo_birth_date], [consent_date][first-instance], 'y'), 2):
  // the consent date comes from the first instance of the repeating consent form.
  const CheckResult* age = nullptr;
  for (const CheckResult& c : run.report.checks) {
    if (c.id == "plausibility.calc.demo_age") age = &c;
  }
  ASSERT_NE(age, nullptr);
  EXPECT_EQ(age->evaluated, 3u);
  EXPECT_EQ(age->failed, 0u);
}

}  // namespace
}  // namespace oncoshare::quality
