// Unit tests per check family with exact failure messages, scoring (the paper's Table 2)
// and the rules file.
#include "quality/scoring.hpp"
#include "quality/test_support.hpp"
#include "quality/value_checks.hpp"
#include "dictionary/validation.hpp"

namespace oncoshare::quality {
namespace {

using test::describe;

dictionary::Dictionary small_dictionary() {
  const std::string text = std::string(test::kDictionaryHeader) +
      "record_id,base,,text,ID,,,,,,,,,,,,,\n"
      "dx_date,base,,text,Diagnosis,,,date_ymd,2000-01-01,today,,,y,,,,,\n"
      "size,base,,text,Size,,,integer,1,300,,,,,,,,\n"
      "weight,base,,text,Weight,,,number_1dp,30,250,,,,,,,,\n"
      "grade,base,,dropdown,Grade,\"1, G1 | 2, G2\",,,,,,,,,,,,\n"
      "dead,base,,yesno,Dead,,,,,,,,,,,,,\n"
      "death_date,base,,text,Death,,,date_ymd,,,,[dead] = '1',,,,,,\n"
      "como,base,,checkbox,Comorbidity,\"1, A | 2, B\",,,,,,,,,,,,\n"
      "double,base,,calc,Double,[size]*2,,,,,,,,,,,,\n"
      "tx_date,tx,,text,Treatment,,,date_ymd,,,,,,,,,,\n";
  auto dict = dictionary::read_redcap_dictionary_text(text, "dd.csv");
  EXPECT_TRUE(dict.has_value()) << dict.error().to_string();
  return std::move(*dict);
}

const char* kHeader =
    "record_id,redcap_repeat_instrument,redcap_repeat_instance,dx_date,size,weight,grade,dead,death_date,"
    "como___1,como___2,double,base_complete,tx_date,tx_complete\n";

test::Run run(const std::string& rows, QualityOptions options = {}) {
  static dictionary::Dictionary dict = small_dictionary();
  return test::run_checker(dict, {test::temp_file("export.csv", kHeader + rows)}, std::move(options));
}

TEST(Checks, CleanRowPasses) {
  const test::Run r = run("1,,,2020-01-01,10,70.5,1,0,,1,0,20,2,,\n1,tx,1,,,,,,,,,,,2020-02-01,2\n");
  EXPECT_EQ(r.error, "");
  EXPECT_TRUE(r.failures.empty()) << describe(r.failures).front();
  EXPECT_EQ(r.report.rows, 2u);
  EXPECT_EQ(r.report.records, 1u);
}

TEST(Checks, DatatypeMessages) {
  const test::Run r = run("1,,,2021-02-30,10.5,70,1,0,,0,0,,2,,\n2,,,21-01-01,x,70.55,1,0,,0,0,,2,,\n");
  EXPECT_EQ(describe(r.failures), (std::vector<std::string>{
      "conformance.datatype.dx_date 1 dx_date='2021-02-30': not a real date",
      "conformance.datatype.size 1 size='10.5': not an integer",
      "conformance.datatype.weight 1 weight='70': needs exactly 1 decimal place",
      "conformance.datatype.dx_date 2 dx_date='21-01-01': not a date (YYYY-MM-DD)",
      "conformance.datatype.size 2 size='x': not an integer",
      "conformance.datatype.weight 2 weight='70.55': needs exactly 1 decimal place"}));
}

TEST(Checks, RangePermissibleCheckboxCalcHiddenRequired) {
  QualityOptions options;
  options.today = "2024-01-01";
  const test::Run r = run("1,,,2025-01-01,0,300.0,3,0,2020-01-01,2,0,1,2,,\n2,,,,5,70.0,1,1,,0,1,10,2,,\n",
                          options);
  EXPECT_EQ(describe(r.failures), (std::vector<std::string>{
      "plausibility.range.dx_date 1 dx_date='2025-01-01': above max today",
      "plausibility.range.size 1 size='0': below min 1",
      "plausibility.range.weight 1 weight='300.0': above max 250",
      "conformance.permissible.grade 1 grade='3': not one of the codes 1, 2",
      "branching.hidden_value.death_date 1 death_date='2020-01-01': has a value but its branching logic is "
      "false: [dead] = '1'",
      "conformance.checkbox.como 1 como___1='2': checkbox value is not 0 or 1",
      "plausibility.calc.double 1 double='1': stored 1 but the calculation gives 0",
      "completeness.required.dx_date 2 dx_date='': required field is blank"}));
}

TEST(Checks, TodayBoundSkippedWithoutToday) {
  const test::Run r = run("1,,,2999-01-01,10,70.5,1,0,,0,0,20,2,,\n");
  EXPECT_TRUE(r.failures.empty()) << describe(r.failures).front();
}

TEST(Checks, RepeatRowsOnlyCheckTheirInstrument) {
  // A base-form field blank on a repeat row is not a completeness failure; a tx row
  // with an invalid date is charged to that row.
  const test::Run r = run("1,,,2020-01-01,10,70.5,1,0,,0,0,20,2,,\n1,tx,2,,,,,,,,,,,2020-13-01,2\n");
  EXPECT_EQ(describe(r.failures), (std::vector<std::string>{
      "conformance.datatype.tx_date 1/tx#2 tx_date='2020-13-01': not a real date"}));
  EXPECT_EQ(r.failures[0].line, 3u);
}

TEST(Checks, MissingCodesCountedSeparately) {
  QualityOptions options;
  options.missing_codes = {"UNK", "NA"};
  const test::Run r = run("1,,,UNK,NA,70.5,1,0,,0,0,,2,,\n", options);
  EXPECT_EQ(describe(r.failures), (std::vector<std::string>{
      "missing_code.dx_date 1 dx_date='UNK': missing-data code 'UNK'",
      "missing_code.size 1 size='NA': missing-data code 'NA'"}));
  EXPECT_EQ(r.failures[0].severity, "warning");
}

TEST(Checks, MandatoryIfAndMinimalFromMapping) {
  auto dict = small_dictionary();
  const std::string mapping = test::temp_file("mapping.csv",
      "variable,requirement,mandatory_if,max_length\n"
      "grade,minimal,,\n"
      "death_date,mandatory,[dead] = '1',\n"
      "record_id,,,3\n");
  ASSERT_TRUE(dictionary::apply_mapping(dict, mapping).has_value());
  const test::Run r = test::run_checker(dict, {test::temp_file("export.csv", std::string(kHeader) +
      "1,,,2020-01-01,10,70.5,,1,,0,0,20,2,,\n1234,,,2020-01-01,10,70.5,1,0,,0,0,20,2,,\n")});
  EXPECT_EQ(describe(r.failures), (std::vector<std::string>{
      "completeness.minimal.grade 1 grade='': minimal variable is blank",
      "completeness.mandatory.death_date 1 death_date='': mandatory variable is blank (mandatory_if "
      "[dead] = '1')",
      "conformance.length.record_id 1234 record_id='1234': 4 characters, more than max_length 3"}));
}

TEST(Checks, OutliersBeyondKSd) {
  QualityOptions options;
  options.outlier_sd = 2;
  std::string rows;
  for (int i = 1; i <= 20; ++i) rows += std::to_string(i) + ",,,2020-01-01,10,70.5,1,0,,0,0,20,2,,\n";
  rows += "21,,,2020-01-01,290,70.5,1,0,,0,0,580,2,,\n";
  const test::Run r = run(rows, options);
  EXPECT_EQ(describe(r.failures), (std::vector<std::string>{
      "plausibility.outlier.size 21 size='290': 4.4 SD from the mean 23.33"}));
}

TEST(ValueChecks, NumberSemantics) {
  auto v = [](const char* name) {
    return dictionary::parse_validation(name, dictionary::FieldType::text);
  };
  EXPECT_EQ(check_datatype(v("number"), ".34"), std::nullopt);
  EXPECT_EQ(check_datatype(v("number"), "1e3"), std::nullopt);
  EXPECT_EQ(check_datatype(v("number"), "5."), "not a number");
  EXPECT_EQ(check_datatype(v("number_2dp"), "5.1"), "needs exactly 2 decimal places");
  EXPECT_EQ(check_datatype(v("number_2dp"), "5.10"), std::nullopt);
  EXPECT_EQ(check_datatype(v("number_1dp_comma_decimal"), "1234,5"), std::nullopt);
  EXPECT_EQ(check_datatype(v("number_1dp_comma_decimal"), "1234.5"), "not a number with a decimal comma");
  EXPECT_EQ(check_datatype(v("datetime_ymd"), "2023-12-31 11:45"), std::nullopt);
  EXPECT_EQ(check_datatype(v("datetime_seconds_dmy"), "2023-12-31 11:45"), "not a datetime (YYYY-MM-DD HH:MM:SS)");
  EXPECT_EQ(check_datatype(v("time"), "24:00"), "not a real time");
  EXPECT_EQ(check_datatype(v("time_mm_ss"), "59:59"), std::nullopt);
  EXPECT_EQ(check_datatype(v("email"), "tummy@mouse.comm"), std::nullopt);
  EXPECT_EQ(check_datatype(v("email"), "tummy@mouse"), "not an email address");
  EXPECT_EQ(check_datatype(v("phone"), "(405) 321-1111"), std::nullopt);
  EXPECT_EQ(check_datatype(v("zipcode"), "7310"), "not a US zipcode");
  EXPECT_EQ(code_points("caf\xc3\xa9"), 4u);
}

TEST(Scoring, ReproducesThePapersTable2) {
  Tally t;
  auto set = [&](Family f, std::uint64_t fail, std::uint64_t pass) {
    t.fail[static_cast<std::size_t>(f)] = fail;
    t.pass[static_cast<std::size_t>(f)] = pass;
  };
  set(Family::completeness_minimal, 2, 16);
  set(Family::completeness_mandatory, 3, 32);
  set(Family::conformance_length, 1, 10);
  set(Family::conformance_datatype, 0, 40);
  set(Family::conformance_permissible, 3, 52);
  set(Family::plausibility_range, 1, 3);
  const std::vector<ScoreRow> rows = score_rows(t, default_weights());
  ASSERT_EQ(rows.size(), 6u);
  std::vector<double> scores;
  for (const ScoreRow& r : rows) scores.push_back(round2(r.score));
  // Family order: minimal, mandatory, datatype, permissible, length, range.
  EXPECT_EQ(scores, (std::vector<double>{44.44, 9.14, 10.00, 9.45, 9.09, 7.50}));
  EXPECT_EQ(round2(overall_score(t, default_weights())), 89.63);
}

TEST(Scoring, EmptyFamilyGetsFullMarksAndWeightsParse) {
  FamilyValues w = default_weights();
  ASSERT_TRUE(parse_family_values("completeness_minimal=0, plausibility_range=20", "--weights", w).has_value());
  EXPECT_EQ(w[static_cast<std::size_t>(Family::plausibility_range)], 20);
  Tally t;
  t.fail[static_cast<std::size_t>(Family::plausibility_range)] = 1;
  t.pass[static_cast<std::size_t>(Family::plausibility_range)] = 1;
  // 40 (four untouched families at 10) + 10 of 20 for range, out of 60.
  EXPECT_DOUBLE_EQ(overall_score(t, w), 100.0 * 50 / 60);
  EXPECT_EQ(parse_family_values("bogus=1", "--weights", w).error().message,
            "--weights: unknown check family 'bogus'");
  EXPECT_EQ(parse_family_values("plausibility_range=-1", "--weights", w).error().message,
            "--weights: '-1' for plausibility_range is not a finite number >= 0");
  // Regression: from_chars reads nan and inf, which made every score nan.
  EXPECT_EQ(parse_family_values("plausibility_range=nan", "--weights", w).error().message,
            "--weights: 'nan' for plausibility_range is not a finite number >= 0");
  EXPECT_EQ(parse_family_values("completeness_minimal=inf", "--thresholds", w).error().message,
            "--thresholds: 'inf' for completeness_minimal is not a finite number >= 0");
}

TEST(Rules, RuleSetOnRepeatRowsUsesTheBaseRow) {
  QualityOptions options;
  options.rules = test::temp_file("rules.csv",
      "id,description,logic,severity,family,variable\n"
      "tx_after_dx,,[dx_date] <= [tx_date],,,\n"
      "death_after_dx,,\"[dx_date] <= [death_date] and [dead] = '1'\",error,plausibility_temporal,death_date\n");
  const test::Run r = run("1,,,2020-01-01,10,70.5,1,1,2019-01-01,0,0,20,2,,\n"
                          "1,tx,1,,,,,,,,,,,2019-12-31,2\n1,tx,2,,,,,,,,,,,2020-01-01,2\n"
                          "2,,,2021-02-30,10,70.5,1,0,,0,0,20,2,,\n2,tx,1,,,,,,,,,,,2019-12-31,2\n",
                          options);
  EXPECT_EQ(describe(r.failures), (std::vector<std::string>{
      "plausibility.temporal.death_after_dx 1 death_date='2019-01-01': rule death_after_dx is false: "
      "[dx_date] <= [death_date] and [dead] = '1' ([dx_date]=2020-01-01, [death_date]=2019-01-01, [dead]=1)",
      "plausibility.temporal.tx_after_dx 1/tx#1 tx_date='2019-12-31': rule tx_after_dx is false: "
      "[dx_date] <= [tx_date] ([dx_date]=2020-01-01, [tx_date]=2019-12-31)",
      "conformance.datatype.dx_date 2 dx_date='2021-02-30': not a real date"}));
  // Record 2's rule reads a non-conforming date: not applicable, not a second failure.
  for (const CheckResult& c : r.report.checks) {
    if (c.id == "plausibility.temporal.tx_after_dx") {
      EXPECT_EQ(c.evaluated, 2u);
    }
  }
}

TEST(Rules, FileErrorsNameTheLine) {
  auto dict = small_dictionary();
  auto error = [&](const std::string& text) {
    QualityOptions o;
    o.rules = test::temp_file("bad_rules.csv", text);
    auto checker = QualityChecker::create(dict, o);
    return checker ? std::string("no error") : checker.error().to_string();
  };
  const std::string p = ::testing::TempDir() + "/quality_FileErrorsNameTheLine_bad_rules.csv";
  EXPECT_EQ(error("id,logic\nr1,[dx_date] <=\n"),
            p + ":2: field 'logic': rule 'r1': expected a value, found end of logic (column 13 of '[dx_date] <=')");
  EXPECT_EQ(error("id,logic\nr1,[nope] = 1\n"),
            p + ":2: field 'logic': rule 'r1': field 'nope' is not in the dictionary");
  EXPECT_EQ(error("id,logic,severity\nr1,[size] > 0,fatal\n"),
            p + ":2: field 'severity': severity 'fatal' is not error or warning");
  EXPECT_EQ(error("id,logic\nr1,[size] > 0\nr1,[size] > 1\n"), p + ":3: field 'id': repeated rule id 'r1'");
  EXPECT_EQ(error("id,expr\n"), p + ":1: field 'expr': unknown column (expected id, description, logic, "
                                    "severity, family, variable)");
}

}  // namespace
}  // namespace oncoshare::quality
