// A study report checked by a third party: the evidence of an honest encrypted study
// verifies (decryption in clear and key switching), and a report with one altered number,
// statement, ciphertext or proof is refused, naming what does not hold, also through
// `oncoshare study verify`.
#include "coordinator/federation_support.hpp"
#include "coordinator/report_verify.hpp"
#include "coordinator/study_report.hpp"

namespace oncoshare::coordinator {
namespace {

using testing::Federation3;
using nlohmann::json;

class ReportVerifyTest : public ::testing::Test {
 protected:
  // An encrypted study over three nodes, as `study run --format json` reports it.
  json honest_report(bool plaintext_allowed) {
    nodes_ = std::make_unique<Federation3>(dir_.str(), plaintext_allowed);
    std::vector<int> ports{nodes_->port(1), nodes_->port(2), nodes_->port(3)};
    (void)testing::make_key(ports, 2);
    auto result = run_study(testing::study(ports));
    EXPECT_TRUE(result) << (result ? "" : result.error().to_string());
    return result ? study_json(*result) : json();
  }

  ReportCheck check(const json& report) {
    static const auto table = secure::DlogTable::create();
    return verify_report(report, node::testing::read_file(testing::world().ca()), *table);
  }

  node::testing::ScratchDir dir_;
  std::unique_ptr<Federation3> nodes_;
};

std::string problems(const ReportCheck& c) { return report_check_text(c); }

TEST_F(ReportVerifyTest, AnHonestReportVerifiesAndEveryAlterationIsNamed) {
  const json report = honest_report(true);
  const ReportCheck honest = check(report);
  EXPECT_TRUE(honest.ok()) << problems(honest);
  EXPECT_EQ(honest.queries_verified, 5u);
  EXPECT_EQ(honest.statements, 15u);  // 5 queries x 3 nodes

  json number = report;
  const std::int64_t shown = number["queries"][1]["cells"][0].get<std::int64_t>();
  number["queries"][1]["cells"][0] = shown + 1;
  ASSERT_EQ(check(number).problems.size(), 1u);
  EXPECT_EQ(check(number).problems[0], fmt::format("query 'by stage': cell 0 reads {}, the signed contributions open to {}",
                                                   shown + 1, shown));

  json statement = report;
  std::string& text = statement["queries"][0]["evidence"]["contributions"][1]["statement"].get_ref<std::string&>();
  text.replace(text.find("\"cells\":1"), 9, "\"cells\":2");
  EXPECT_EQ(check(statement).problems.at(0), "query 'old, advanced': node 'site_2': the signature of 'site_2' does not verify");

  json ciphertexts = report;
  ciphertexts["queries"][0]["evidence"]["contributions"][0]["ciphertexts"] =
      report["queries"][0]["evidence"]["contributions"][2]["ciphertexts"];
  EXPECT_EQ(check(ciphertexts).problems.at(0),
            "query 'old, advanced': the ciphertexts of node 'site_1' are not the ones it signed");

  json dropped = report;
  dropped["queries"][0]["evidence"]["contributions"].erase(2);
  EXPECT_EQ(check(dropped).problems.at(0),
            "query 'old, advanced': the contributors shown are not the nodes whose statements are in the evidence");

  json query = report;
  query["queries"][0]["parameters"]["filter"] = "age_dx >= 60";
  EXPECT_EQ(check(query).problems.at(0),
            "query 'old, advanced': node 'site_1' signed another query or dataset than the report shows");

  json proof = report;
  proof["queries"][0]["evidence"]["opening"]["challenge"] = json::parse(secure::serialize(secure::OpeningChallenge::random()));
  EXPECT_NE(check(proof).problems.at(0).find("query 'old, advanced': the decryption proof of key holder"), std::string::npos)
      << problems(check(proof));

  json mistyped = report;
  mistyped["queries"][0]["evidence"]["contributions"][0]["node"] = 7;
  EXPECT_NE(check(mistyped).problems.at(0).find("malformed report: "), std::string::npos) << problems(check(mistyped));
  EXPECT_EQ(check(json::array()).problems.at(0), "not a study report (an object with \"queries\")");

  // The command: exit 0 on the honest report, 1 naming the altered cell.
  const std::string honest_file = dir_ / "report.json", altered_file = dir_ / "altered.json";
  node::testing::write_file(honest_file, report.dump(2));
  node::testing::write_file(altered_file, number.dump(2));
  const std::string command = fmt::format("{} study verify {{}} --ca {}", ONCOSHARE_BINARY, testing::world().ca());
  auto ok = node::testing::run(fmt::format(fmt::runtime(command), honest_file));
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_NE(ok.output.find("5 queries verified from 15 signed statement(s)"), std::string::npos) << ok.output;
  auto bad = node::testing::run(fmt::format(fmt::runtime(command), altered_file));
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_NE(bad.output.find("FAILED: query 'by stage': cell 0 reads"), std::string::npos) << bad.output;
  // Another federation's CA: no certificate chains.
  auto foreign = node::testing::run(fmt::format("{} study verify {} --ca {}", ONCOSHARE_BINARY, honest_file, honest_file));
  EXPECT_EQ(foreign.exit_code, 2) << foreign.output;
}

TEST_F(ReportVerifyTest, KeySwitchedReportsVerifyWithTheOneOffKey) {
  const json report = honest_report(false);
  const ReportCheck honest = check(report);
  EXPECT_TRUE(honest.ok()) << problems(honest);
  EXPECT_EQ(honest.queries_verified, 5u);
  EXPECT_EQ(report["queries"][2]["evidence"]["opening"]["mode"], "key_switch");
  json other_key = report;
  other_key["queries"][2]["evidence"]["opening"]["researcher_secret"] = std::string(63, '0') + "1";
  EXPECT_NE(check(other_key).problems.at(0).find("query 'stage by sex'"), std::string::npos) << problems(check(other_key));
}

}  // namespace
}  // namespace oncoshare::coordinator
