// The audit log proves it is complete: a signed header, a signed closing seal, signed
// reopen lines after restarts, and heads recorded elsewhere that must be found in the log.
#include <fmt/format.h>

#include <filesystem>

#include "audit_test_support.hpp"
#include "node/pki.hpp"

namespace oncoshare::node {
namespace {

using testing::lines_of;
using testing::read_file;
using testing::reseal_from;
using testing::run;
using testing::ScratchDir;
using testing::write_file;
using testing::write_lines;

class AuditCompletenessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(init_ca(dir_ / "ca", "Federation", KeyAlgorithm::ed25519));
    ASSERT_TRUE(issue_certificate(dir_ / "ca", {Role::node, "node1", 30, KeyAlgorithm::ed25519, {}}, dir_.str()));
  }
  core::Result<AuditLog> open_log() { return AuditLog::open(log_, dir_ / "node1.key", AuditOptions{3, false}); }
  // header, e1 e2 e3 cp, e4 e5 e6 cp, e7 close: 11 lines.
  void write_log(std::uint64_t entries = 7) {
    auto log = open_log();
    ASSERT_TRUE(log) << log.error().to_string();
    for (std::uint64_t i = 1; i <= entries; ++i) ASSERT_TRUE(log->append(testing::audit_entry(static_cast<int>(i))));
  }
  // The log as a node that was killed after `entries` appends left it (no closing seal).
  void write_killed_log(std::uint64_t entries) {
    auto log = open_log();
    ASSERT_TRUE(log) << log.error().to_string();
    for (std::uint64_t i = 1; i <= entries; ++i) ASSERT_TRUE(log->append(testing::audit_entry(static_cast<int>(i))));
    std::filesystem::copy_file(log_, dir_ / "killed.log");
  }  // the copy never sees the seal written here
  core::Result<AuditSummary> verify(AuditVerifyOptions options = {}) {
    return verify_audit_log(log_, read_file(dir_ / "node1.crt"), options);
  }
  void expect_tampered(std::uint64_t line, const std::string& message, AuditVerifyOptions options = {}) {
    auto result = verify(options);
    ASSERT_FALSE(result) << "verified, but line " << line << " should fail: " << message;
    EXPECT_EQ(result.error().code, core::ErrorCode::check_failed);
    EXPECT_EQ(result.error().to_string(), log_ + ":" + std::to_string(line) + ": " + message);
  }
  testing::CommandOutput cli(const std::string& args) {
    return run(fmt::format("{} audit verify {} --cert {} {}", ONCOSHARE_BINARY, log_, dir_ / "node1.crt", args));
  }
  ScratchDir dir_;
  std::string log_ = dir_ / "audit.jsonl";
};

const std::string kNoSeal = "the log ends without a closing seal (cut, or the node is still running: see --live)";

TEST_F(AuditCompletenessTest, ClosedLogEndsWithASignedSeal) {
  write_log();
  auto lines = lines_of(log_);
  ASSERT_EQ(lines.size(), 11u);
  auto header = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(header["format"], "oncoshare-audit-v2");
  EXPECT_TRUE(header.contains("signature"));
  EXPECT_EQ(header["key"].get<std::string>().size(), 64u);
  EXPECT_EQ(nlohmann::json::parse(lines[10])["type"], "close");
  auto summary = verify();
  ASSERT_TRUE(summary) << summary.error().to_string();
  EXPECT_TRUE(summary->closed);
  EXPECT_EQ(summary->checkpoints, 2u);
  auto ok = cli("");
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
}

TEST_F(AuditCompletenessTest, DroppingTheLastEntriesWithTheSealFails) {
  write_log();
  auto lines = lines_of(log_);
  lines.resize(9);  // ... e6 cp e7: the seal and the last entry dropped
  write_lines(log_, lines);
  expect_tampered(9, kNoSeal);
  EXPECT_EQ(cli("").exit_code, 1);
}

TEST_F(AuditCompletenessTest, TruncatingToACheckpointFails) {
  write_log();
  auto lines = lines_of(log_);
  lines.resize(5);
  write_lines(log_, lines);
  expect_tampered(5, kNoSeal);
}

TEST_F(AuditCompletenessTest, KeepingOnlyTheHeaderFails) {
  write_log();
  auto lines = lines_of(log_);
  lines.resize(1);
  write_lines(log_, lines);
  expect_tampered(1, kNoSeal);
  auto bad = cli("");
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
}

TEST_F(AuditCompletenessTest, RewritingEntriesAfterTheLastCheckpointFailsAtTheSeal) {
  write_log();
  auto lines = lines_of(log_);
  auto e7 = nlohmann::json::parse(lines[9]);
  e7["decision"] = "allowed";
  lines[9] = e7.dump();
  reseal_from(lines, 9);
  write_lines(log_, lines);
  expect_tampered(11, "close signature is invalid (forged close or wrong certificate)");
}

TEST_F(AuditCompletenessTest, AppendingAfterTheSealFails) {
  write_log();
  auto lines = lines_of(log_);
  lines.push_back(lines[9]);
  reseal_from(lines, 11);
  write_lines(log_, lines);
  expect_tampered(12, "entry after the closing seal at line 11 (a closed log continues only with a signed reopen line)");
}

TEST_F(AuditCompletenessTest, AnUnsignedHeaderWithAHugeIntervalFails) {
  write_log();
  auto lines = lines_of(log_);
  auto header = nlohmann::json::parse(lines[0]);
  header["checkpoint_every"] = 1'000'000'000'000ULL;
  lines[0] = header.dump();
  std::erase_if(lines, [](const std::string& l) { return nlohmann::json::parse(l)["type"] == "checkpoint"; });
  reseal_from(lines, 0);
  write_lines(log_, lines);
  expect_tampered(1, "checkpoint_every 1000000000000 is outside 1..1000");
  EXPECT_EQ(cli("").exit_code, 1);
}

TEST_F(AuditCompletenessTest, AnEditedHeaderFailsItsSignature) {
  write_log();
  auto lines = lines_of(log_);
  auto header = nlohmann::json::parse(lines[0]);
  header["checkpoint_every"] = 1000;
  lines[0] = header.dump();
  reseal_from(lines, 0);
  write_lines(log_, lines);
  expect_tampered(1, "open signature is invalid (forged open or wrong certificate)");
}

TEST_F(AuditCompletenessTest, IntervalAboveTheBoundIsRefusedAtOpen) {
  auto log = AuditLog::open(log_, dir_ / "node1.key", AuditOptions{1001, false});
  ASSERT_FALSE(log);
  EXPECT_EQ(log.error().to_string(), "audit checkpoint interval must be in 1..1000 (got 1001)");
}

TEST_F(AuditCompletenessTest, DeeplyNestedLineIsTamperingNotACrash) {
  write_log(1);
  auto lines = lines_of(log_);
  std::string nested;
  for (int i = 0; i < 70'000; ++i) nested += "{\"a\":";
  lines.insert(lines.begin() + 1, nested + "1" + std::string(70'000, '}'));
  write_lines(log_, lines);
  auto bad = cli("");
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_EQ(bad.output, "oncoshare: error: " + log_ + ":2:321: JSON nested deeper than 64 levels\n");
}

TEST_F(AuditCompletenessTest, LiveLogVerifiesWithLiveOnly) {
  write_killed_log(5);  // header e1 e2 e3 cp e4 e5
  std::filesystem::rename(dir_ / "killed.log", log_);
  expect_tampered(7, kNoSeal);
  auto live = verify({.live = true});
  ASSERT_TRUE(live) << live.error().to_string();
  EXPECT_FALSE(live->closed);
  EXPECT_EQ(live->unsigned_tail, 2u);
  auto ok = cli("--live");
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_EQ(cli("").exit_code, 1);
}

TEST_F(AuditCompletenessTest, ReopenAfterACleanCloseStaysVerifiable) {
  write_log(2);  // header e1 e2 close
  write_log(4);  // reopen e1 e2 e3 cp e4 close
  auto lines = lines_of(log_);
  ASSERT_EQ(lines.size(), 11u);
  auto reopen = nlohmann::json::parse(lines[4]);
  EXPECT_EQ(reopen["type"], "reopen");
  EXPECT_EQ(reopen["after"], "close");
  auto summary = verify();
  ASSERT_TRUE(summary) << summary.error().to_string();
  EXPECT_EQ(summary->entries, 6u);
  EXPECT_EQ(summary->reopens, 1u);
  EXPECT_TRUE(summary->unclean_ends.empty());
}

TEST_F(AuditCompletenessTest, RestartAfterAKillNotesTheUncleanEnd) {
  write_killed_log(5);  // 7 lines, no seal
  std::filesystem::rename(dir_ / "killed.log", log_);
  write_log(1);  // reopen(after unclean end at line 7) e1 close
  auto lines = lines_of(log_);
  auto reopen = nlohmann::json::parse(lines[7]);
  EXPECT_EQ(reopen["after"], "unclean_end");
  auto summary = verify();
  ASSERT_TRUE(summary) << summary.error().to_string();
  EXPECT_EQ(summary->unclean_ends, std::vector<std::uint64_t>{7});
  auto ok = cli("");
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_NE(ok.output.find("unclean shutdown: the node stopped without sealing the log after line 7"),
            std::string::npos) << ok.output;
}

TEST_F(AuditCompletenessTest, ARestartNeverExtendsAPartialLine) {
  write_killed_log(2);
  std::string text = read_file(dir_ / "killed.log");
  write_file(log_, text.substr(0, text.size() - 7));  // died while writing e2
  auto live = verify({.live = true});  // a reader skips the line being written
  ASSERT_TRUE(live) << live.error().to_string();
  auto log = open_log();
  ASSERT_FALSE(log);
  EXPECT_EQ(log.error().to_string(), log_ + ":3: incomplete line (no final newline): cut during a write or edited");
}

TEST_F(AuditCompletenessTest, ARecordedHeadMustBeASignedHeadOfTheLog) {
  std::string recorded;
  {
    auto log = open_log();
    ASSERT_TRUE(log);
    for (int i = 1; i <= 4; ++i) ASSERT_TRUE(log->append(testing::audit_entry(i)));
    ASSERT_TRUE(log->checkpoint());
    auto head = log->signed_head();
    EXPECT_EQ(head.seq, 6u);  // header e1 e2 e3 cp e4 [cp]
    EXPECT_EQ(head.type, "checkpoint");
    EXPECT_TRUE(verify_signed_head(to_json(head), read_file(dir_ / "node1.crt")));
    recorded = head.head;
    ASSERT_TRUE(log->append(testing::audit_entry(5)));
  }
  auto summary = verify({.expect_head = recorded});
  ASSERT_TRUE(summary) << summary.error().to_string();
  EXPECT_EQ(summary->expected_head_line, 7u);
  EXPECT_EQ(cli("--expect-head " + recorded).exit_code, 0);

  // An entry's hash is not a signed head; neither is a hash from elsewhere.
  auto lines = lines_of(log_);
  std::string entry_hash = nlohmann::json::parse(lines[5])["hash"];
  const std::string not_signed = "the recorded head {} is not a signed head of this log (the log was cut before it, "
                                 "or rewritten)";
  expect_tampered(9, fmt::format(fmt::runtime(not_signed), entry_hash), {.expect_head = entry_hash});
  // Cut before the recorded head (and sealed again by whoever holds the key) fails too.
  write_file(log_, "");
  write_log(3);
  expect_tampered(6, fmt::format(fmt::runtime(not_signed), recorded), {.expect_head = recorded});
  auto bad = cli("--expect-head " + recorded);
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_EQ(cli("--expect-head nothex").exit_code, 2);
}

TEST_F(AuditCompletenessTest, AForgedSignedHeadIsRefused) {
  auto log = open_log();
  ASSERT_TRUE(log);
  ASSERT_TRUE(log->append(testing::audit_entry(1)));
  ASSERT_TRUE(log->checkpoint());
  auto head = to_json(log->signed_head());
  head["seq"] = head["seq"].get<std::uint64_t>() + 1;
  auto checked = verify_signed_head(head, read_file(dir_ / "node1.crt"));
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().message, "audit head signature is invalid (forged head or wrong certificate)");
}

TEST_F(AuditCompletenessTest, AFailedWriteWithholdsAndLatches) {
  auto log = open_log();
  ASSERT_TRUE(log);
  ASSERT_TRUE(log->append(testing::audit_entry(1)));
  testing::redirect_to_dev_full(log_);
  auto failed = log->append(testing::audit_entry(2));
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().to_string(), log_ + ": cannot append to audit log: No space left on device");
  auto after = log->append(testing::audit_entry(3));
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().to_string(), log_ + ": audit log unusable after a failed write: restart the node");
}

}  // namespace
}  // namespace oncoshare::node
