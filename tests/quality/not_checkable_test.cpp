// Logic that cannot be checked (does not parse, needs a REDCap session, names an undefined
// field) is reported and left out of the scores; every other check still runs. Logic that
// reads other instances of a repeating form is evaluated against the record's rows.
#include "quality/test_support.hpp"

namespace oncoshare::quality {
namespace {

using test::describe;

dictionary::Dictionary logic_dictionary() {
  const std::string text = std::string(test::kDictionaryHeader) +
      "record_id,base,,text,ID,,,,,,,,,,,,,\n"
      "size,base,,text,Size,,,integer,,,,,,,,,,\n"
      "bad_calc,base,,calc,Bad,[size] * * 2,,,,,,,,,,,,\n"
      "double,base,,calc,Double,[size]*2,,,,,,,,,,,,\n"
      "secret,base,,text,Secret,,,,,,,[user-role-label] = 'Monitor',y,,,,,\n"
      "hidden,base,,text,Hidden,,,,,,,[size] > 100,,,,,,\n"
      "gain,base,,calc,Gain,[w][last-instance] - [w][first-instance],,,,,,,,,,,,\n"
      "w,visit,,text,Weight,,,number,,,,,,,,,,\n"
      "w_change,visit,,calc,Change,[w] - [w][previous-instance],,,,,,,,,,,,\n"
      "lost,visit,,text,Lost,,,,,,,[w] < [w][first-instance] && [record-name] <> '',,,,,,\n";
  auto dict = dictionary::read_redcap_dictionary_text(text, "dd.csv");
  EXPECT_TRUE(dict.has_value()) << dict.error().to_string();
  return std::move(*dict);
}

const char* kHeader =
    "record_id,redcap_repeat_instrument,redcap_repeat_instance,size,bad_calc,double,secret,hidden,gain,"
    "base_complete,w,w_change,lost,visit_complete\n";

test::Run run(const std::string& rows, QualityOptions options = {}) {
  static dictionary::Dictionary dict = logic_dictionary();
  return test::run_checker(dict, {test::temp_file("export.csv", kHeader + rows)}, std::move(options));
}

const CheckResult* find_check(const QualityReport& report, const std::string& id) {
  for (const CheckResult& c : report.checks) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

std::vector<std::string> listed(const QualityReport& report) {
  std::vector<std::string> out;
  for (const NotCheckable& n : report.not_checkable) out.push_back(to_string(n));
  return out;
}

const std::string kRows =
    "1,,,10,999,20,,x,5,2,,,,\n"
    "1,visit,1,,,,,,,,70,,,2\n"
    "1,visit,2,,,,,,,,72,2,,2\n"
    "1,visit,3,,,,,,,,75,3,,2\n"
    "2,,,4,,99,,,-2,2,,,,\n"
    "2,visit,1,,,,,,,,60,,,2\n"
    "2,visit,2,,,,,,,,58,-2,gone,2\n";

TEST(NotCheckable, UnparseableCalculationAndSessionLogicAreListedAndTheRestScored) {
  const test::Run r = run(kRows);
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(listed(r.report), (std::vector<std::string>{
      "dd.csv:4: field 'bad_calc': warning: calculation is not checkable (column 10): does not parse: "
      "expected a value, found '*'",
      "dd.csv:6: field 'secret': warning: branching logic is not checkable (column 1): [user-role-label] is "
      "known only inside a REDCap session, not from an export: not checkable"}));
  // No calc check for bad_calc (its stored 999 would fail it), and the required field
  // behind session logic is not judged blank.
  EXPECT_EQ(find_check(r.report, "plausibility.calc.bad_calc"), nullptr);
  EXPECT_EQ(find_check(r.report, "branching.hidden_value.secret"), nullptr);
  ASSERT_NE(find_check(r.report, "completeness.required.secret"), nullptr);
  EXPECT_EQ(find_check(r.report, "completeness.required.secret")->evaluated, 0u);
  // Everything else ran.
  EXPECT_EQ(describe(r.failures), (std::vector<std::string>{
      "branching.hidden_value.hidden 1 hidden='x': has a value but its branching logic is false: [size] > 100",
      "plausibility.calc.double 2 double='99': stored 99 but the calculation gives 8"}));
  EXPECT_EQ(find_check(r.report, "plausibility.calc.double")->evaluated, 2u);
}

TEST(NotCheckable, InstanceReferencesReadTheRecordsOtherInstances) {
  const test::Run r = run(kRows);
  ASSERT_EQ(r.error, "");
  // gain = last - first instance of w: 75 - 70 for record 1, 58 - 60 for record 2.
  EXPECT_EQ(find_check(r.report, "plausibility.calc.gain")->evaluated, 2u);
  EXPECT_EQ(find_check(r.report, "plausibility.calc.gain")->failed, 0u);
  // w_change = w - previous instance: 72-70, 75-72, 58-60; instance 1 has no previous.
  EXPECT_EQ(find_check(r.report, "plausibility.calc.w_change")->evaluated, 3u);
  EXPECT_EQ(find_check(r.report, "plausibility.calc.w_change")->failed, 0u);
  // lost shows only when w fell below the first instance: record 2 instance 2 (58 < 60).
  EXPECT_EQ(find_check(r.report, "branching.hidden_value.lost")->evaluated, 5u);
  EXPECT_EQ(find_check(r.report, "branching.hidden_value.lost")->failed, 0u);
  const test::Run wrong = run(
      "1,,,10,,20,,,2,2,,,,\n1,visit,1,,,,,,,,70,,lost,2\n1,visit,2,,,,,,,,72,5,,2\n");
  EXPECT_EQ(describe(wrong.failures), (std::vector<std::string>{
      "branching.hidden_value.lost 1/visit#1 lost='lost': has a value but its branching logic is false: "
      "[w] < [w][first-instance] && [record-name] <> ''",
      "plausibility.calc.w_change 1/visit#2 w_change='5': stored 5 but the calculation gives 2"}));
}

TEST(NotCheckable, UndefinedFieldInLogicIsListed) {
  const std::string text = std::string(test::kDictionaryHeader) +
      "record_id,base,,text,ID,,,,,,,,,,,,,\n"
      "a,base,,text,A,,,,,,,[ev_arm_1][nowhere] = '1',y,,,,,\n";
  auto dict = dictionary::read_redcap_dictionary_text(text, "undefined.csv");
  ASSERT_TRUE(dict.has_value()) << dict.error().to_string();
  const test::Run r = test::run_checker(
      *dict, {test::temp_file("export.csv", "record_id,a,base_complete\n1,,2\n")});
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(listed(r.report), (std::vector<std::string>{
      "undefined.csv:3: field 'a': warning: branching logic is not checkable (column 1): [ev_arm_1][nowhere] "
      "names a field the dictionary does not define"}));
  EXPECT_TRUE(r.failures.empty());
}

TEST(NotCheckable, RuleNeedingASessionIsListedAndOtherRulesRun) {
  QualityOptions options;
  options.rules = test::temp_file("rules.csv",
                                  "id,logic\nr1,[size] > 0 or [user-name] = 'x'\nr2,[size] > 5\n");
  const test::Run r = run("1,,,10,,20,,,,2,,,,\n2,,,4,,8,,,,2,,,,\n", options);
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(listed(r.report), (std::vector<std::string>{
      "dd.csv:4: field 'bad_calc': warning: calculation is not checkable (column 10): does not parse: "
      "expected a value, found '*'",
      "dd.csv:6: field 'secret': warning: branching logic is not checkable (column 1): [user-role-label] is "
      "known only inside a REDCap session, not from an export: not checkable",
      options.rules + ":2: rule 'r1': warning: rule is not checkable (column 15): [user-name] is known only "
      "inside a REDCap session, not from an export: not checkable"}));
  std::vector<std::string> rule_checks;
  for (const CheckResult& c : r.report.checks) {
    if (c.id.ends_with(".r1") || c.id.ends_with(".r2")) rule_checks.push_back(c.id.substr(c.id.rfind('.')));
  }
  EXPECT_EQ(rule_checks, std::vector<std::string>{".r2"});
  ASSERT_EQ(r.failures.size(), 1u);
  EXPECT_EQ(r.failures[0].record_id, "2");
  EXPECT_EQ(r.failures[0].message, "rule r2 is false: [size] > 5 ([size]=4)");
}

TEST(NotCheckable, ReportJsonListsThem) {
  const test::Run r = run(kRows);
  const nlohmann::json j = to_json(r.report, {"dd.csv", "", {"export.csv"}, ""}, std::nullopt);
  EXPECT_EQ(j["summary"]["not_checkable"], 2);
  ASSERT_EQ(j["not_checkable"].size(), 2u);
  EXPECT_EQ(j["not_checkable"][0]["field"], "bad_calc");
  EXPECT_EQ(j["not_checkable"][0]["logic"], "calculation");
  EXPECT_EQ(j["not_checkable"][0]["line"], 4);
  EXPECT_EQ(j["not_checkable"][0]["column"], 10);
  EXPECT_EQ(j["not_checkable"][1]["file"], "dd.csv");
}

TEST(NotCheckable, LogicFailingOnSomeRowsIsListedWithoutTheirValues) {
  const std::string text = std::string(test::kDictionaryHeader) +
      "record_id,base,,text,ID,,,,,,,,,,,,,\n"
      "code,base,,text,Code,,,,,,,,,,,,,\n"
      "twice,base,,calc,Twice,[code] * 2,,,,,,,,,,,,\n";
  auto dict = dictionary::read_redcap_dictionary_text(text, "faults.csv");
  ASSERT_TRUE(dict.has_value()) << dict.error().to_string();
  const std::string data = test::temp_file("export.csv", "record_id,code,twice,base_complete\n"
                                                          "1,abc,,2\n2,4,8,2\n3,xyz,1,2\n");
  const test::Run r = test::run_checker(*dict, {data});
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(listed(r.report), (std::vector<std::string>{
      "faults.csv:4: field 'twice': warning: calculation is not checkable (column 1): cannot be evaluated on 2 "
      "rows (first: " + data + " line 2); those rows are not judged by it"}));
  const CheckResult* twice = find_check(r.report, "plausibility.calc.twice");
  ASSERT_NE(twice, nullptr);
  EXPECT_EQ(twice->evaluated, 1u);  // record 2 only
  EXPECT_EQ(twice->failed, 0u);
}

}  // namespace
}  // namespace oncoshare::quality
