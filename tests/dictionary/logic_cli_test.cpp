// `oncoshare logic check|eval`, run as a user would.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace {

struct Run {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs the built CLI with `arguments` (already shell-quoted).
Run run(const std::string& arguments) {
  Run result;
  const std::string command = std::string(ONCOSHARE_BINARY) + " " + arguments + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

TEST(LogicCli, CheckPrintsEachFieldOnce) {
  auto result = run("logic check \"[sex] = '0' and [enrollment_arm_1][age] >= 18 or [race(2)] = '1' or [sex] = '1'\"");
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.output, "[sex]\n[enrollment_arm_1][age]\n[race(2)]\n");
}

TEST(LogicCli, CheckShowsSyntaxErrorWithCaret) {
  auto result = run("logic check \"[sex] = (1 + 2\"");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.output,
            "oncoshare: error: column 15: expected ')' to close '(' opened at column 9\n"
            "  [sex] = (1 + 2\n"
            "                ^\n");
}

TEST(LogicCli, EvalComputesFixtureCalculations) {
  auto bmi = run("logic eval \"round(([weight]*10000)/(([height])^(2)),1)\" --set weight=66 --set height=156");
  EXPECT_EQ(bmi.exit_code, 0);
  EXPECT_EQ(bmi.output, "27.1\n");
  auto age = run("logic eval 'rounddown(datediff(\"today\", [dob], \"y\", \"ymd\"), 1 )' --set dob=2010-10-14 "
                 "--today 2019-10-14");
  EXPECT_EQ(age.exit_code, 0);
  EXPECT_EQ(age.output, "8.9\n");
}

TEST(LogicCli, EvalAcceptsCheckboxAndEventKeys) {
  auto result = run("logic eval \"[race(2)] = '1' or [race(3)]='1'\" --set race___2=0 --set 'race(3)=1'");
  EXPECT_EQ(result.output, "1\n");
  auto event = run("logic eval '[enrollment_arm_1][age] >= 18' --set age=17");
  EXPECT_EQ(event.output, "0\n");
}

TEST(LogicCli, EvalReportsUnknownFieldAndBadSet) {
  auto unknown = run("logic eval '[a] + 1'");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.output, "oncoshare: error: column 1: field 'a': unknown field [a]\n  [a] + 1\n  ^\n");
  auto bad = run("logic eval '1' --set novalue");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.output, "oncoshare: error: --set: expected var=value, got 'novalue'\n");
}

// Regression: a 14,000-operand power chain crashed `logic check` with a stack overflow.
TEST(LogicCli, CheckRefusesDeepPowerChain) {
  std::string chain = "2";
  for (int i = 1; i < 14000; ++i) chain += "^2";
  auto result = run("logic check '" + chain + "'");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.output.substr(0, 74),
            "oncoshare: error: column 514: logic is nested deeper than 256 levels\n  2^2");
}

}  // namespace
