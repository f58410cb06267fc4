// Every key and certificate writer refuses to replace an existing file unless --force is
// given, and with --force keeps the old file as NAME.bak (then NAME.bak.1, ...).
#include "cli/cli_run.hpp"

namespace oncoshare::cli::test {
namespace {

using KeyFiles = Scratch;

std::string refusal(const std::string& file) {
  return "oncoshare: error: " + file +
         ": already exists; refusing to replace a key or certificate (--force replaces it and keeps the old file as " +
         fs::path(file).filename().string() + ".bak)\n";
}

TEST_F(KeyFiles, Crypt4ghKeygenRefusesExistingKeysAndForceKeepsBackups) {
  const std::string sk = path("a.sec"), pk = path("a.pub");
  const std::string keygen = "crypt4gh keygen --kdf none --sk " + sk + " --pk " + pk;
  ASSERT_EQ(run(keygen).code, 0);
  const std::string old_sk = slurp(sk), old_pk = slurp(pk);

  const CliRun again = run(keygen);
  EXPECT_EQ(again.code, 2);
  EXPECT_EQ(again.err, refusal(sk));
  EXPECT_EQ(slurp(sk), old_sk);
  EXPECT_EQ(slurp(pk), old_pk);

  // Only the public key left: still refused, and the secret key is not written either.
  fs::remove(sk);
  EXPECT_EQ(run(keygen).err, refusal(pk));
  EXPECT_FALSE(fs::exists(sk));
  spit(sk, old_sk);

  ASSERT_EQ(run(keygen + " --force").code, 0);
  EXPECT_EQ(slurp(sk + ".bak"), old_sk);
  EXPECT_EQ(slurp(pk + ".bak"), old_pk);
  EXPECT_NE(slurp(pk), old_pk);
  const std::string second_pk = slurp(pk);
  ASSERT_EQ(run(keygen + " --force").code, 0);
  EXPECT_EQ(slurp(pk + ".bak"), old_pk);  // an earlier backup is never overwritten
  EXPECT_EQ(slurp(pk + ".bak.1"), second_pk);
}

TEST_F(KeyFiles, Crypt4ghKeygenRefusesOneFileForBothKeys) {
  const CliRun r = run("crypt4gh keygen --kdf none --sk " + path("k") + " --pk " + path("k"));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "oncoshare: error: " + path("k") + ": --sk and --pk name the same file\n");
  EXPECT_FALSE(fs::exists(path("k")));
}

TEST_F(KeyFiles, PseudonymKeygenForceKeepsTheOldKey) {
  const std::string key = path("site.key");
  ASSERT_EQ(run("keygen --out " + key).code, 0);
  const std::string old = slurp(key);
  const CliRun again = run("keygen --out " + key);
  EXPECT_EQ(again.code, 2);
  EXPECT_EQ(again.err, refusal(key));
  ASSERT_EQ(run("keygen --force --out " + key).code, 0);
  EXPECT_EQ(slurp(key + ".bak"), old);
  EXPECT_NE(slurp(key), old);
  EXPECT_EQ(fs::status(key + ".bak").permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
}

TEST_F(KeyFiles, CaInitAndIssueRefuseAndForceKeepsBackups) {
  const std::string ca = path("ca");
  ASSERT_EQ(run("ca init --dir " + ca).code, 0);
  const std::string old_key = slurp(ca + "/ca.key"), old_crt = slurp(ca + "/ca.crt");
  EXPECT_EQ(run("ca init --dir " + ca).err, refusal(ca + "/ca.key"));
  ASSERT_EQ(run("ca init --force --dir " + ca).code, 0);
  EXPECT_EQ(slurp(ca + "/ca.key.bak"), old_key);
  EXPECT_EQ(slurp(ca + "/ca.crt.bak"), old_crt);
  EXPECT_NE(slurp(ca + "/ca.key"), old_key);

  const std::string issue = "ca issue --dir " + ca + " --node n1 --out " + path("certs");
  ASSERT_EQ(run(issue).code, 0);
  const std::string old_crt1 = slurp(path("certs/n1.crt"));
  // A certificate without its key is refused too (it used to be replaced silently).
  fs::remove(path("certs/n1.key"));
  const CliRun r = run(issue);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, refusal(path("certs/n1.crt")));
  EXPECT_EQ(slurp(path("certs/n1.crt")), old_crt1);
  ASSERT_EQ(run(issue + " --force").code, 0);
  EXPECT_EQ(slurp(path("certs/n1.crt.bak")), old_crt1);
  EXPECT_FALSE(fs::exists(path("certs/n1.key.bak")));  // there was no key to keep
}

}  // namespace
}  // namespace oncoshare::cli::test
