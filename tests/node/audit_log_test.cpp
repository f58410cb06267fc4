#include "node/audit_log.hpp"

#include <thread>
#include <vector>

#include "node/pki.hpp"
#include "audit_test_support.hpp"

namespace oncoshare::node {
namespace {

using testing::read_file;
using testing::run;
using testing::ScratchDir;
using testing::lines_of;
using testing::reseal_from;
using testing::write_file;
using testing::write_lines;

AuditEntry entry(int i) { return testing::audit_entry(i); }

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(init_ca(dir_ / "ca", "Federation", KeyAlgorithm::ed25519));
    ASSERT_TRUE(issue_certificate(dir_ / "ca", {Role::node, "node1", 30, KeyAlgorithm::ed25519, {}}, dir_.str()));
    ASSERT_TRUE(issue_certificate(dir_ / "ca", {Role::node, "node2", 30, KeyAlgorithm::p256, {}}, dir_.str()));
  }
  // header, e1 e2 e3 cp, e4 e5 e6 cp, e7 close: 11 lines.
  void write_log(std::uint64_t entries = 7) {
    auto log = AuditLog::open(log_, dir_ / "node1.key", AuditOptions{3, true});
    ASSERT_TRUE(log) << log.error().to_string();
    for (std::uint64_t i = 1; i <= entries; ++i) ASSERT_TRUE(log->append(entry(static_cast<int>(i))));
  }
  core::Result<AuditSummary> verify(const std::string& cert = "node1.crt") {
    return verify_audit_log(log_, read_file(dir_ / cert));
  }
  void expect_tampered(std::uint64_t line, const std::string& message) { expect_tampered_with("node1.crt", line, message); }
  void expect_tampered_with(const std::string& cert, std::uint64_t line, const std::string& message) {
    auto result = verify(cert);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, core::ErrorCode::check_failed);
    EXPECT_EQ(result.error().where.line, line);
    EXPECT_EQ(result.error().to_string(), log_ + ":" + std::to_string(line) + ": " + message);
  }
  ScratchDir dir_;
  std::string log_ = dir_ / "audit.jsonl";
};

TEST_F(AuditLogTest, IntactLogVerifies) {
  write_log();
  auto lines = lines_of(log_);
  ASSERT_EQ(lines.size(), 11u);
  auto first = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(first["type"], "open");
  EXPECT_EQ(first["prev"], std::string(kAuditGenesis));
  auto e1 = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(e1["who"], "CN=alice,OU=researcher,O=Federation");
  EXPECT_EQ(e1["decision"], "refused");
  EXPECT_EQ(e1["reason"], "DUO: NCU refuses commercial use");
  EXPECT_EQ(e1["result_size"], 10);
  EXPECT_EQ(e1["prev"], first["hash"]);
  EXPECT_EQ(nlohmann::json::parse(lines[4])["type"], "checkpoint");
  auto summary = verify();
  ASSERT_TRUE(summary) << summary.error().to_string();
  EXPECT_EQ(summary->lines, 11u);
  EXPECT_EQ(summary->entries, 7u);
  EXPECT_EQ(summary->checkpoints, 2u);
  EXPECT_EQ(summary->unsigned_tail, 0u);
  EXPECT_TRUE(summary->closed);
}

TEST_F(AuditLogTest, EditedEntryIsNamed) {
  write_log();
  auto lines = lines_of(log_);
  auto pos = lines[3].find("\"decision\":\"refused\"");
  ASSERT_NE(pos, std::string::npos);
  lines[3].replace(pos, 20, "\"decision\":\"allowed\"");
  write_lines(log_, lines);
  expect_tampered(4, "line hash does not match its content (entry edited)");
}

TEST_F(AuditLogTest, EditedEntryWithRecomputedHashBreaksTheChain) {
  write_log();
  auto lines = lines_of(log_);
  auto line = nlohmann::json::parse(lines[2]);
  line["result_size"] = 999999;
  lines[2] = detail::seal_line(line);
  write_lines(log_, lines);
  expect_tampered(4, "chain broken: prev does not match the hash of line 3 (entry removed, reordered or inserted)");
}

TEST_F(AuditLogTest, RewrittenChainFailsAtTheNextCheckpoint) {
  write_log();
  auto lines = lines_of(log_);
  auto line = nlohmann::json::parse(lines[2]);
  line["who"] = "CN=mallory";
  lines[2] = line.dump();
  reseal_from(lines, 2);
  write_lines(log_, lines);
  expect_tampered(5, "checkpoint signature is invalid (forged checkpoint or wrong certificate)");
}

TEST_F(AuditLogTest, RemovedEntryIsDetected) {
  write_log();
  auto lines = lines_of(log_);
  lines.erase(lines.begin() + 6);
  write_lines(log_, lines);
  expect_tampered(7, "sequence number 7 where 6 was expected (entry removed, reordered or inserted)");
}

TEST_F(AuditLogTest, ReorderedEntriesAreDetected) {
  write_log();
  auto lines = lines_of(log_);
  std::swap(lines[5], lines[6]);
  write_lines(log_, lines);
  expect_tampered(6, "sequence number 6 where 5 was expected (entry removed, reordered or inserted)");
}

TEST_F(AuditLogTest, InsertedEntryIsDetected) {
  write_log();
  auto lines = lines_of(log_);
  lines.insert(lines.begin() + 2, lines[1]);
  write_lines(log_, lines);
  expect_tampered(3, "sequence number 1 where 2 was expected (entry removed, reordered or inserted)");
}

TEST_F(AuditLogTest, InsertedAndResealedEntryFailsTheCheckpoint) {
  write_log();
  auto lines = lines_of(log_);
  lines.insert(lines.begin() + 2, lines[1]);
  reseal_from(lines, 2);
  write_lines(log_, lines);
  // Four entries now precede the first checkpoint, which no longer signs the head.
  expect_tampered(5, "missing checkpoint: 3 entries since the last signed one");
}

TEST_F(AuditLogTest, ForgedCheckpointSignatureIsDetected) {
  write_log();
  auto lines = lines_of(log_);
  auto checkpoint = nlohmann::json::parse(lines[8]);
  std::string signature = checkpoint["signature"];
  signature[0] = signature[0] == 'a' ? 'b' : 'a';
  checkpoint["signature"] = signature;
  lines[8] = checkpoint.dump();
  reseal_from(lines, 8);
  write_lines(log_, lines);
  expect_tampered(9, "checkpoint signature is invalid (forged checkpoint or wrong certificate)");
}

TEST_F(AuditLogTest, RemovedCheckpointIsDetected) {
  write_log();
  auto lines = lines_of(log_);
  lines.erase(lines.begin() + 4);
  reseal_from(lines, 4);
  write_lines(log_, lines);
  expect_tampered(5, "missing checkpoint: 3 entries since the last signed one");
}

TEST_F(AuditLogTest, RemovedHeaderIsDetected) {
  write_log();
  auto lines = lines_of(log_);
  lines.erase(lines.begin());
  write_lines(log_, lines);
  expect_tampered(1, "sequence number 1 where 0 was expected (entry removed, reordered or inserted)");
}

TEST_F(AuditLogTest, WrongCertificateFailsAtTheHeader) {
  write_log();
  expect_tampered_with("node2.crt", 1, "the header names another signing key than the given certificate's");
}

TEST_F(AuditLogTest, TruncatedLastLineIsDetected) {
  write_log();
  std::string text = read_file(log_);
  write_file(log_, text.substr(0, text.size() - 5));
  expect_tampered(11, "incomplete line (no final newline): cut during a write or edited");
}

TEST_F(AuditLogTest, InvalidUtf8FromAPeerIsLoggedNotThrown) {
  {
    auto log = AuditLog::open(log_, dir_ / "node1.key");
    ASSERT_TRUE(log);
    AuditEntry bad = entry(1);
    bad.who = "CN=\xff\xfe";
    ASSERT_TRUE(log->append(bad));
  }
  auto lines = lines_of(log_);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(nlohmann::json::parse(lines[1])["who"], "CN=\xef\xbf\xbd\xef\xbf\xbd");
  EXPECT_TRUE(verify());
}

TEST_F(AuditLogTest, RestartContinuesTheChain) {
  write_log(2);  // header, e1, e2, close
  {
    auto log = AuditLog::open(log_, dir_ / "node1.key", AuditOptions{50, false});
    ASSERT_TRUE(log) << log.error().to_string();
    EXPECT_EQ(log->next_seq(), 5u);  // after the reopen line
    ASSERT_TRUE(log->append(entry(3)));
    ASSERT_TRUE(log->append(entry(4)));
    ASSERT_TRUE(log->append(entry(5)));  // the header's interval (3) still applies
    EXPECT_EQ(log->next_seq(), 9u);
  }
  auto summary = verify();
  ASSERT_TRUE(summary) << summary.error().to_string();
  EXPECT_EQ(summary->entries, 5u);
  EXPECT_EQ(summary->checkpoints, 1u);
  EXPECT_EQ(summary->reopens, 1u);
}

TEST_F(AuditLogTest, RefusesToExtendATamperedLog) {
  write_log(2);
  auto lines = lines_of(log_);
  lines.erase(lines.begin() + 1);
  write_lines(log_, lines);
  auto log = AuditLog::open(log_, dir_ / "node1.key");
  ASSERT_FALSE(log);
  EXPECT_EQ(log.error().to_string(),
            log_ + ":2: sequence number 2 where 1 was expected (entry removed, reordered or inserted)");
}

TEST_F(AuditLogTest, ConcurrentAppendsKeepTheChain) {
  {
    auto log = AuditLog::open(log_, dir_ / "node2.key", AuditOptions{10, false});
    ASSERT_TRUE(log);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&log, t] {
        for (int i = 0; i < 50; ++i) EXPECT_TRUE(log->append(entry(t * 100 + i)));
      });
    }
    for (auto& thread : threads) thread.join();
    ASSERT_TRUE(log->checkpoint());
  }
  auto summary = verify("node2.crt");  // ECDSA P-256 checkpoints
  ASSERT_TRUE(summary) << summary.error().to_string();
  EXPECT_EQ(summary->entries, 200u);
  EXPECT_EQ(summary->checkpoints, 20u);
}

TEST_F(AuditLogTest, CommandExitCodes) {
  write_log();
  std::string binary = ONCOSHARE_BINARY;
  auto ok = run(binary + " audit verify " + log_ + " --cert " + (dir_ / "node1.crt"));
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_EQ(ok.output.substr(0, ok.output.find('\n')),
            log_ + ": OK: 11 lines, 7 entries, 2 signed checkpoints, closed with a signed seal");
  auto lines = lines_of(log_);
  lines.erase(lines.begin() + 3);
  write_lines(log_, lines);
  auto bad = run(binary + " audit verify " + log_ + " --cert " + (dir_ / "node1.crt"));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.output, "oncoshare: error: " + log_ +
                            ":4: sequence number 4 where 3 was expected (entry removed, reordered or inserted)\n");
  auto usage = run(binary + " audit verify " + log_ + " --cert " + (dir_ / "missing.crt"));
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_EQ(usage.output, "oncoshare: error: " + (dir_ / "missing.crt") + ": cannot open certificate\n");
  auto no_cert = run(binary + " audit verify " + log_);
  EXPECT_EQ(no_cert.exit_code, 2);
}

}  // namespace
}  // namespace oncoshare::node
