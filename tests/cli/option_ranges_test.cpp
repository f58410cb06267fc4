// Every numeric or URI option states its allowed range in --help and refuses anything else
// (exit 2) naming the option and the range, before reading a file. Regressions: each of
// these values was accepted (exit 0) and silently wrapped, ignored or misused.
#include <gtest/gtest.h>

#include <filesystem>

#include "cli_support.hpp"

namespace oncoshare::cli::test {
namespace {

// The error line CLI11 prints for a refused option value.
std::string refused(const std::string& option, const std::string& why) {
  return "oncoshare: error: " + option + ": " + why + " (see --help)\n";
}

void expect_refused(const TempDir& dir, const std::string& args, const std::string& option, const std::string& why) {
  const CommandRun r = run(dir, args);
  EXPECT_EQ(r.exit_code, 2) << args;
  EXPECT_EQ(r.err, refused(option, why)) << args;
  EXPECT_EQ(r.out, "") << args;
}

const std::string kPrivacyRisk = "privacy risk --dictionary d.csv --quasi age --data x.csv";
const std::string kFhir = "fhir --dictionary d.csv --mapping m.csv --data x.csv --key-file k --out o";

TEST(OptionRanges, PrivacyRiskPopulationIsNotWrapped) {
  TempDir dir;
  expect_refused(dir, kPrivacyRisk + " --population -5", "--population",
                 "-5 is outside the allowed range [1, 10000000000]");
  expect_refused(dir, kPrivacyRisk + " --population 0", "--population",
                 "0 is outside the allowed range [1, 10000000000]");
  EXPECT_NE(run(dir, "privacy risk --help").out.find("--population UINT:in [1, 10000000000]"), std::string::npos);
}

TEST(OptionRanges, PrivacyGeneraliseKIsNotWrapped) {
  TempDir dir;
  const std::string base = "privacy generalise --dictionary d.csv --quasi age --data x.csv --out o.csv";
  expect_refused(dir, base + " --k -3", "--k", "-3 is outside the allowed range [1, 1000000]");
  expect_refused(dir, base + " --k 2.5", "--k", "'2.5' is not a whole number (allowed range [1, 1000000])");
  expect_refused(dir, base + " --k 2 --suppression-limit nan", "--suppression-limit",
                 "nan is not a finite number (allowed range [0, 1])");
}

TEST(OptionRanges, FhirMaxShiftDaysHasARange) {
  TempDir dir;
  for (const char* days : {"0", "-5", "3000000"}) {
    expect_refused(dir, kFhir + " --dates shift --max-shift-days " + days, "--max-shift-days",
                   std::string(days) + " is outside the allowed range [1, 3650]");
  }
  EXPECT_NE(run(dir, "fhir --help").out.find("--max-shift-days INT:in [1, 3650]"), std::string::npos);
}

TEST(OptionRanges, FhirMinScoreIsFinite) {
  TempDir dir;
  expect_refused(dir, kFhir + " --min-score nan", "--min-score", "nan is not a finite number (allowed range [0, 100])");
  expect_refused(dir, kFhir + " --min-score 101", "--min-score", "101 is outside the allowed range [0, 100]");
}

TEST(OptionRanges, FhirIdentifierSystemIsAnAbsoluteUri) {
  TempDir dir;
  const std::string why =
      " is not an absolute URI (scheme:rest, e.g. urn:oid:1.2.3 or https://example.org/ids; no spaces or quotes)";
  expect_refused(dir, kFhir + " --identifier-system 'not a uri \"x'", "--identifier-system",
                 "'not a uri \"x'" + why);
  expect_refused(dir, kFhir + " --identifier-system pseudonyms", "--identifier-system", "'pseudonyms'" + why);
}

TEST(OptionRanges, QualityScoresAreFinite) {
  TempDir dir;
  const std::string base = "quality --dictionary d.csv --data x.csv --out o";
  expect_refused(dir, base + " --min-score nan", "--min-score", "nan is not a finite number (allowed range [0, 100])");
  expect_refused(dir, base + " --fail-under inf", "--fail-under", "inf is not a finite number (allowed range [0, 100])");
  expect_refused(dir, base + " --outlier-sd -1", "--outlier-sd", "-1 is outside the allowed range [0, 1000]");
}

TEST(OptionRanges, SeedsAreNotWrapped) {
  TempDir dir;
  const std::string range = "[0, 18446744073709551615]";
  expect_refused(dir, "synth --out o --seed -1", "--seed", "-1 is outside the allowed range " + range);
  expect_refused(dir, "demo --out o --seed -1", "--seed", "-1 is outside the allowed range " + range);
  expect_refused(dir, "synth --out o --seed 18446744073709551616", "--seed",
                 "18446744073709551616 is outside the allowed range " + range);
}

TEST(OptionRanges, CaValidityStaysWithinX509) {
  TempDir dir;
  const std::string ca = dir.path("ca");
  expect_refused(dir, "ca init --dir " + ca + " --days 2920000", "--days",
                 "2920000 is outside the allowed range [1, 36500]");
  EXPECT_FALSE(std::filesystem::exists(ca));
  const CommandRun init = run(dir, "ca init --dir " + ca);
  ASSERT_EQ(init.exit_code, 0) << init.err;
  expect_refused(dir, "ca issue --dir " + ca + " --node n1 --days 2920000", "--days",
                 "2920000 is outside the allowed range [-36500, 36500]");
  EXPECT_FALSE(std::filesystem::exists(dir.path("ca/n1.crt")));
}

TEST(OptionRanges, CaNameFitsTheCommonName) {
  TempDir dir;
  const std::string ca = dir.path("ca");
  const CommandRun r = run(dir, "ca init --dir " + ca + " --name " + std::string(65, 'x'));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "oncoshare: error: the CA name has 65 characters; a certificate's common name (CN) "
                   "holds at most 64\n");
  EXPECT_FALSE(std::filesystem::exists(ca));
  const CommandRun ok = run(dir, "ca init --dir " + ca + " --name " + std::string(64, 'x'));
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
}

}  // namespace
}  // namespace oncoshare::cli::test
