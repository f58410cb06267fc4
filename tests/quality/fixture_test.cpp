// Every real REDCap fixture runs through the checker; the known real defects are found
// exactly, and nothing else.
#include "quality/test_support.hpp"

namespace oncoshare::quality {
namespace {

test::Run run_fixture(const std::string& set, QualityOptions options = {}) {
  auto dict = dictionary::read_redcap_dictionary(test::fixture(set, "dictionary.csv"));
  EXPECT_TRUE(dict.has_value());
  test::Run run = test::run_checker(*dict, {test::fixture(set, "export.csv")}, std::move(options));
  EXPECT_EQ(run.error, "");
  return run;
}

const CheckResult& check(const QualityReport& report, const std::string& id) {
  for (const CheckResult& c : report.checks) {
    if (c.id == id) return c;
  }
  static CheckResult none;
  ADD_FAILURE() << "no check " << id;
  return none;
}

TEST(Fixtures, CleanSetsHaveNoFailures) {
  for (const char* set : {"clinical-trial-1", "longitudinal", "repeating-instruments-sparse", "checkboxes-1"}) {
    const test::Run run = run_fixture(set);
    EXPECT_TRUE(run.failures.empty()) << set << ": " << test::describe(run.failures).front();
    EXPECT_EQ(run.report.score(), 100.0) << set;
  }
}

TEST(Fixtures, ClinicalTrialCountsEveryRecord) {
  const test::Run run = run_fixture("clinical-trial-1");
  EXPECT_EQ(run.report.records, 500u);
  EXPECT_EQ(run.report.rows, 500u);
  EXPECT_EQ(check(run.report, "conformance.datatype.dob").evaluated, 500u);
  EXPECT_EQ(check(run.report, "plausibility.range.dob").status(), "pass");
}

TEST(Fixtures, BlankForGrayHeightAndWeightBelowMin) {
  const test::Run run = run_fixture("blank-for-gray-status");
  EXPECT_EQ(test::describe(run.failures), (std::vector<std::string>{
      "plausibility.range.height 1 height='7': below min 130",
      "plausibility.range.weight 1 weight='1': below min 35",
      "plausibility.range.height 2 height='6': below min 130",
      "plausibility.range.weight 2 weight='1': below min 35"}));
  EXPECT_EQ(run.failures[0].site, "dag_1");
  EXPECT_EQ(run.failures[0].line, 2u);
  EXPECT_EQ(check(run.report, "plausibility.range.height").status(), "fail");
  EXPECT_EQ(check(run.report, "plausibility.range.height").evaluated, 5u);
}

TEST(Fixtures, ValuesEnteredBeforeValidationFailTheirDatatype) {
  const test::Run run = run_fixture("potentially-problematic-values");
  EXPECT_EQ(test::describe(run.failures), (std::vector<std::string>{
      "conformance.datatype.date_before_validation 1 date_before_validation='before validation 1': "
      "not a date (YYYY-MM-DD)",
      "conformance.datatype.integer_before_validation 1 integer_before_validation='before validation 1': "
      "not an integer",
      "conformance.datatype.date_before_validation 2 date_before_validation='before validation 2': "
      "not a date (YYYY-MM-DD)",
      "conformance.datatype.integer_before_validation 2 integer_before_validation='before validation 1': "
      "not an integer"}));
}

TEST(Fixtures, ValidationTypesBlankCalculation) {
  const test::Run run = run_fixture("validation-types-1");
  EXPECT_EQ(test::describe(run.failures), (std::vector<std::string>{
      "plausibility.calc.f_calculated 1 f_calculated='': stored blank but the calculation gives 7"}));
}

TEST(Fixtures, RepeatingBpDateBeforeEnrolmentWithARule) {
  QualityOptions options;
  options.rules = test::temp_file("rules.csv",
                                  "id,description,logic,severity,family\n"
                                  "bp_after_enrolment,BP measured after enrolment,"
                                  "[date_enrolled] <= [date_bp],warning,plausibility_temporal\n");
  const test::Run run = run_fixture("repeating-instruments-sparse", options);
  ASSERT_EQ(run.failures.size(), 1u);
  EXPECT_EQ(test::describe(run.failures).front(),
            "plausibility.temporal.bp_after_enrolment 2/bp#1 date_bp='2004-04-04': rule bp_after_enrolment is "
            "false: [date_enrolled] <= [date_bp] ([date_enrolled]=2019-02-02, [date_bp]=2004-04-04)");
  EXPECT_EQ(run.failures[0].severity, "warning");
  EXPECT_EQ(run.failures[0].line, 7u);  // header is line 1
  // Evaluated on the four bp rows, with date_enrolled from each record's base row.
  EXPECT_EQ(check(run.report, "plausibility.temporal.bp_after_enrolment").evaluated, 4u);
}

TEST(Fixtures, CalcOnTodayIsNotApplicableWithoutToday) {
  const test::Run run = run_fixture("repeating-instruments-sparse");
  EXPECT_EQ(check(run.report, "plausibility.calc.age").status(), "not_applicable");
  QualityOptions options;
  options.today = "2024-06-01";
  const test::Run dated = run_fixture("repeating-instruments-sparse", options);
  EXPECT_EQ(check(dated.report, "plausibility.calc.age").evaluated, 2u);
  EXPECT_EQ(check(dated.report, "plausibility.calc.age").failed, 2u);  // frozen 8.9 and 9.6
}

TEST(Fixtures, LongitudinalCalculationsAgree) {
  const test::Run run = run_fixture("longitudinal");
  EXPECT_EQ(check(run.report, "plausibility.calc.bmi").evaluated, 3u);
  EXPECT_EQ(check(run.report, "plausibility.calc.bmi").failed, 0u);
  EXPECT_EQ(run.report.rows, 18u);
  EXPECT_EQ(run.report.records, 3u);
}

}  // namespace
}  // namespace oncoshare::quality
