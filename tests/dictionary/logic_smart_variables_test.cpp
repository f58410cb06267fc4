// Smart variables, instance references and piping modifiers: how they parse, print and
// evaluate, and where their errors point.
#include <gtest/gtest.h>

#include "dictionary/logic.hpp"
#include "logic_test_helpers.hpp"

namespace oncoshare::dictionary::logic {
namespace {

using testing::eval;
using testing::syntax_error;
using testing::Values;

FieldRef only_ref(std::string_view text) {
  auto parsed = parse(text);
  EXPECT_TRUE(parsed) << text << ": " << (parsed ? "" : parsed.error().to_string());
  if (!parsed || parsed->fields().size() != 1) {
    ADD_FAILURE() << text << " should read one reference";
    return {};
  }
  return parsed->fields()[0];
}

TEST(LogicSmartVariables, StandaloneSmartVariablesParse) {
  const FieldRef record = only_ref("[record-name] = '7'");
  EXPECT_EQ(record.smart, SmartVariable::record_name);
  EXPECT_EQ(record.variable, "");
  EXPECT_EQ(to_string(record), "[record-name]");
  EXPECT_EQ(only_ref("[event-name]").smart, SmartVariable::event_name);
  EXPECT_EQ(only_ref("[arm-number]").smart, SmartVariable::arm_number);
  EXPECT_EQ(only_ref("[record-dag-name]").smart, SmartVariable::record_dag_name);
  EXPECT_EQ(only_ref("[current-instance] > 1").smart, SmartVariable::current_instance);
  EXPECT_EQ(only_ref("[previous-instance]").smart, SmartVariable::previous_instance);
  EXPECT_EQ(only_ref("[next-instance]").smart, SmartVariable::next_instance);
  for (const char* session : {"[project-id]", "[user-name]", "[user-dag-name]", "[user-role-label]"}) {
    const FieldRef ref = only_ref(session);
    EXPECT_EQ(ref.smart, SmartVariable::session) << session;
    EXPECT_EQ(to_string(ref), session);
  }
}

TEST(LogicSmartVariables, InstanceReferencesParse) {
  auto parsed = parse("datediff([dob], [consent_date][first-instance], 'y')");
  ASSERT_TRUE(parsed);
  const FieldRef& consent = parsed->fields()[1];
  EXPECT_EQ(consent.variable, "consent_date");
  EXPECT_EQ(consent.event, "");
  EXPECT_EQ(consent.instance.relative, SmartVariable::first_instance);
  EXPECT_EQ(consent.column, 17u);
  EXPECT_EQ(to_string(consent), "[consent_date][first-instance]");

  const FieldRef numbered = only_ref("[visit_arm_1][weight][3]");
  EXPECT_EQ(numbered.event, "visit_arm_1");
  EXPECT_EQ(numbered.variable, "weight");
  EXPECT_EQ(numbered.instance.number, 3u);
  EXPECT_EQ(to_string(numbered), "[visit_arm_1][weight][3]");

  const FieldRef last = only_ref("[visit_arm_1][weight][last-instance]");
  EXPECT_EQ(last.event, "visit_arm_1");
  EXPECT_EQ(last.instance.relative, SmartVariable::last_instance);

  const FieldRef event_only = only_ref("[infusion_arm_1][infseq_number] = '0'");
  EXPECT_EQ(event_only.event, "infusion_arm_1");
  EXPECT_EQ(event_only.variable, "infseq_number");
  EXPECT_FALSE(event_only.instance.written());
}

TEST(LogicSmartVariables, ModifiersParseAndPrint) {
  const FieldRef label = only_ref("[sex:label] = 'Female'");
  EXPECT_EQ(label.variable, "sex");
  ASSERT_EQ(label.modifiers.size(), 1u);
  EXPECT_EQ(label.modifiers[0], Modifier::label);
  const FieldRef codes = only_ref("[race:checked:value]");
  EXPECT_EQ(codes.modifiers, (std::vector<Modifier>{Modifier::checked, Modifier::value}));
  EXPECT_EQ(to_string(codes), "[race:checked:value]");
  EXPECT_EQ(to_string(only_ref("[race(2):unchecked]")), "[race(2):unchecked]");
  EXPECT_EQ(to_string(only_ref("[ev_1][sex:value][2]")), "[ev_1][sex:value][2]");
}

TEST(LogicSmartVariables, ErrorsNameTheColumn) {
  EXPECT_EQ(syntax_error("[a] = [record-nme]"), "column 7: unknown smart variable [record-nme]");
  EXPECT_EQ(syntax_error("[a][last-instanse]"), "column 4: unknown smart variable [last-instanse]");
  EXPECT_EQ(syntax_error("[a][b][c]"),
            "column 7: expected an instance number or [first-instance], [last-instance], [current-instance], "
            "[previous-instance], [next-instance]; found [c]");
  EXPECT_EQ(syntax_error("[a][b][1][2]"), "column 10: expected at most three bracketed parts: [event][field][instance]");
  EXPECT_EQ(syntax_error("[user-name][a]"), "column 1: expected an event name, not the smart variable [user-name]");
  EXPECT_EQ(syntax_error("[a][first-instance][2]"),
            "column 4: expected a field name, not the smart variable [first-instance]");
  EXPECT_EQ(syntax_error("[a][0]"), "column 4: instance number 0 is out of range (1 to 4294967295)");
  EXPECT_EQ(syntax_error("[ev][a][4294967296]"),
            "column 8: instance number 4294967296 is out of range (1 to 4294967295)");
  EXPECT_EQ(syntax_error("[a:]"), "column 4: unsupported field modifier ':' (supported: :value, :label, :checked, "
                                  ":unchecked)");
}

TEST(LogicSmartVariables, ResolvedValuesEvaluate) {
  const Values values{{"[record-name]", "101"}, {"[event-name]", "baseline_arm_2"}, {"[arm-number]", "2"},
                      {"[current-instance]", "3"}, {"[w][first-instance]", "70"}, {"[w]", "73"},
                      {"[ev_1][w][2]", "71"}};
  EXPECT_EQ(eval("[record-name] = '101'", values), "1");
  EXPECT_EQ(eval("[arm-number] + 1", values), "3");
  EXPECT_EQ(eval("[w] - [w][first-instance]", values), "3");
  EXPECT_EQ(eval("[ev_1][w][2] * [current-instance]", values), "213");
  EXPECT_EQ(eval("[event-name] = 'baseline_arm_2' && [arm-number] = 2", values), "1");
}

TEST(LogicSmartVariables, SessionSmartVariablesAreNotCheckable) {
  auto parsed = parse("[age] > 18 or [user-role-label] = 'Monitor'");
  ASSERT_TRUE(parsed);
  const FieldRef* session = parsed->needs_session();
  ASSERT_NE(session, nullptr);
  EXPECT_EQ(session->smart_name, "user-role-label");
  EXPECT_EQ(session->column, 15u);
  // Short-circuit: a true left side never reaches the session variable.
  EXPECT_EQ(eval("[age] > 18 or [user-role-label] = 'Monitor'", Values{{"[age]", "30"}}), "1");
  EXPECT_EQ(eval("[age] > 18 or [user-role-label] = 'Monitor'", Values{{"[age]", "3"}}),
            "error: column 15: [user-role-label] is known only inside a REDCap session, not from an export: "
            "not checkable");
  EXPECT_EQ(parse("[record-name] = '1'")->needs_session(), nullptr);
}

}  // namespace
}  // namespace oncoshare::dictionary::logic
