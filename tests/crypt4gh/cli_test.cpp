// `oncoshare crypt4gh` and `oncoshare package` end to end: exit codes, atomic outputs,
// key file modes, passphrases from the environment.
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "crypt4gh/test_support.hpp"

namespace oncoshare::crypt4gh {
namespace {

namespace fs = std::filesystem;

std::string tmp(const std::string& name) {
  return ::testing::TempDir() + "/c4gh_" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" +
         std::to_string(::getpid()) + "_" + name;
}

struct CliRun {
  int code;
  std::string err;
};

// Runs `oncoshare <args>` with a shell environment prefix (e.g. "C4GH_PASSPHRASE=x").
CliRun run(const std::string& env, const std::string& args) {
  const std::string err = tmp("stderr");
  const std::string cmd = env + " " + ONCOSHARE_BINARY + " " + args + " 2>" + err + " </dev/null";
  const int status = std::system(("unset C4GH_PASSPHRASE; " + cmd).c_str());
  return {WEXITSTATUS(status), test::slurp(err)};
}

TEST(Cli, KeygenWritesReadableKeysWithMode0400) {
  const std::string sk = tmp("k.sec"), pk = tmp("k.pub");
  fs::remove(sk), fs::remove(pk);
  const CliRun r = run("C4GH_PASSPHRASE=pw", "crypt4gh keygen --sk " + sk + " --pk " + pk + " --kdf bcrypt -C me");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(fs::status(sk).permissions() & fs::perms::all, fs::perms::owner_read);
  core::Result<SecretKey> key = read_secret_key(sk, test::fixed("pw"));
  ASSERT_TRUE(key);
  EXPECT_EQ(key->public_key(), *read_public_key(pk));
}

TEST(Cli, RoundTripThroughFiles) {
  const std::string enc = tmp("enc"), dec = tmp("dec");
  ASSERT_EQ(run("", "crypt4gh encrypt --recipient_pk " + test::data("alice.pub") + " --in " + test::data("plain.bin") +
                        " -o " + enc).code, 0);
  const CliRun r = run("C4GH_PASSPHRASE=alice", "crypt4gh decrypt --sk " + test::data("alice.sec") + " -i " + enc + " -o " + dec);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(test::slurp(dec), test::slurp(test::data("plain.bin")));
}

TEST(Cli, TamperedInputExits2AndLeavesNoOutput) {
  std::string bytes = test::slurp(test::data("ref.alice.c4gh"));
  bytes[124 + kCipherSegmentBytes + 7] ^= 0x40;
  const std::string in = tmp("bad.c4gh"), out = tmp("out");
  { std::ofstream(in, std::ios::binary) << bytes; }
  fs::remove(out);
  const CliRun r = run("C4GH_PASSPHRASE=alice", "crypt4gh decrypt --sk " + test::data("alice.sec") + " -i " + in + " -o " + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "oncoshare: error: " + in + ": data segment 1 (file offset 65688): authentication failed (wrong key, "
                   "or the segment was modified, truncated or moved)\n");
  EXPECT_FALSE(fs::exists(out));
}

TEST(Cli, PipesAFileOfManyBatchesThroughStdinAndStdout) {
  // 5 MiB and 7 bytes: several 1 MiB batches of segments, sealed and opened on worker threads.
  std::string plain(5 * 1024 * 1024 + 7, '\0');
  randombytes_buf(plain.data(), plain.size());
  const std::string in = tmp("plain"), out = tmp("out"), err = tmp("stderr");
  std::ofstream(in, std::ios::binary) << plain;
  const std::string binary = ONCOSHARE_BINARY;
  const std::string pipeline = "unset C4GH_PASSPHRASE; " + binary + " crypt4gh encrypt --recipient_pk " +
                               test::data("alice.pub") + " < " + in + " | C4GH_PASSPHRASE=alice " + binary +
                               " crypt4gh decrypt --sk " + test::data("alice.sec") + " > " + out + " 2>" + err;
  ASSERT_EQ(std::system(pipeline.c_str()), 0) << test::slurp(err);
  EXPECT_TRUE(test::slurp(out) == plain);
}

// A pipe's 64 KiB made every 1 MiB batch 16 reads or writes, each a switch to the process at
// the other end; the command asks for 1 MiB pipes (twice as fast through `cat | ... | cat`).
TEST(Cli, WidensThePipesOfItsStdinAndStdout) {
  const std::string encrypt = std::string("unset C4GH_PASSPHRASE; ") + ONCOSHARE_BINARY +
                              " crypt4gh encrypt --recipient_pk " + test::data("alice.pub");
  std::string plain(256 * 1024, 'x');
  const std::string in = tmp("plain"), out = tmp("out");
  std::ofstream(in, std::ios::binary) << plain;

  FILE* from = ::popen((encrypt + " < " + in).c_str(), "r");
  ASSERT_NE(from, nullptr);
  std::string sealed;
  for (int c; (c = std::fgetc(from)) != EOF;) sealed.push_back(static_cast<char>(c));
  EXPECT_EQ(::fcntl(::fileno(from), F_GETPIPE_SZ), 1 << 20) << "stdout pipe";
  EXPECT_EQ(::pclose(from), 0);
  EXPECT_GT(sealed.size(), plain.size());

  FILE* to = ::popen((encrypt + " > " + out).c_str(), "w");
  ASSERT_NE(to, nullptr);
  // The command widens its stdin before its first read, so once 256 KiB (more than a 64 KiB
  // pipe holds) went in, the pipe is wide.
  ASSERT_EQ(std::fwrite(plain.data(), 1, plain.size(), to), plain.size());
  ASSERT_EQ(std::fflush(to), 0);
  EXPECT_EQ(::fcntl(::fileno(to), F_GETPIPE_SZ), 1 << 20) << "stdin pipe";
  EXPECT_EQ(::pclose(to), 0);
  const SecretKey alice = test::fixture_secret("alice.sec");
  core::Result<std::string> opened = test::decrypt_string(test::slurp(out), alice);
  ASSERT_TRUE(opened) << opened.error().to_string();
  EXPECT_TRUE(*opened == plain);
}

TEST(Cli, AnInputThatIsAlsoStdoutIsRefusedAndLeftAlone) {
  const std::string file = tmp("both");
  const std::string plain(3 * 65536, 'p');
  std::ofstream(file, std::ios::binary) << plain;
  const std::string encrypt = std::string(ONCOSHARE_BINARY) + " crypt4gh encrypt --recipient_pk " + test::data("alice.pub");
  for (const std::string& redirect : {" < " + file + " >> " + file, " -i " + file + " >> " + file}) {
    const std::string err = tmp("stderr");
    const int status = std::system((encrypt + redirect + " 2>" + err).c_str());
    EXPECT_EQ(WEXITSTATUS(status), 2) << redirect;
    const std::string name = redirect.starts_with(" <") ? "<stdin>" : file;
    EXPECT_EQ(test::slurp(err), "oncoshare: error: " + name + ": the input is also the output (stdout); write to another file\n");
    EXPECT_TRUE(test::slurp(file) == plain) << redirect;
  }
}

TEST(Cli, BadKeysAndMissingRecipientExit2) {
  const std::string out = tmp("out");
  CliRun r = run("C4GH_PASSPHRASE=wrong", "crypt4gh decrypt --sk " + test::data("alice.sec") + " -i " +
                                           test::data("ref.alice.c4gh") + " -o " + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "oncoshare: error: " + test::data("alice.sec") + ": wrong passphrase (or the private key was modified)\n");
  EXPECT_FALSE(fs::exists(out));
  r = run("", "crypt4gh encrypt --recipient_pk " + tmp("missing.pub") + " -o " + out);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "oncoshare: error: " + tmp("missing.pub") + ": cannot open key file\n");
  r = run("", "crypt4gh decrypt --sk " + test::data("alice.sec") + " -i " + test::data("ref.alice.c4gh"));
  EXPECT_EQ(r.code, 2);  // no terminal, no C4GH_PASSPHRASE
  EXPECT_EQ(r.err, "oncoshare: error: a passphrase is needed but there is no terminal to ask (set C4GH_PASSPHRASE)\n");
  r = run("C4GH_PASSPHRASE=x", "crypt4gh keygen --sk " + tmp("s") + " --pk " + tmp("p") + " --kdf argon2");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "oncoshare: error: field '--kdf': unsupported KDF 'argon2' (scrypt, bcrypt, pbkdf2_hmac_sha256 or none)\n");
}

TEST(Cli, ReencryptKeepsSegmentsAndRearrangeAddsAnEditList) {
  const std::string re = tmp("re"), ra = tmp("ra");
  const std::string src = test::slurp(test::data("ref.alice.c4gh"));
  ASSERT_EQ(run("C4GH_PASSPHRASE=alice", "crypt4gh reencrypt --sk " + test::data("alice.sec") + " --recipient_pk " +
                                             test::data("bob.pub") + " --trim -i " + test::data("ref.alice.c4gh") + " -o " + re).code, 0);
  const std::string out = test::slurp(re);
  EXPECT_EQ(out.substr(124), src.substr(124));  // data segments byte for byte
  core::Result<std::string> plain = test::decrypt_string(out, test::fixture_secret("bob.sec"));
  ASSERT_TRUE(plain);
  EXPECT_EQ(*plain, test::slurp(test::data("plain.bin")));
  ASSERT_EQ(run("C4GH_PASSPHRASE=alice", "crypt4gh rearrange --sk " + test::data("alice.sec") + " --range 65536-65546 -i " +
                                             test::data("ref.alice.c4gh") + " -o " + ra).code, 0);
  const std::string arranged = test::slurp(ra);
  EXPECT_EQ(arranged.size(), 124u + 92u + kCipherSegmentBytes);  // only segment 1 kept
  EXPECT_EQ(*test::decrypt_string(arranged, test::fixture_secret("alice.sec")),
            test::slurp(test::data("plain.bin")).substr(65536, 10));
}

TEST(Cli, AeadMethodRoundTripsAndUnknownMethodsExit2) {
  const std::string enc = tmp("enc"), dec = tmp("dec");
  CliRun r = run("", "crypt4gh encrypt --method aead --recipient_pk " + test::data("alice.pub") + " --in " +
                         test::data("boundary.bin") + " -o " + enc);
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string sealed = test::slurp(enc);
  EXPECT_EQ(sealed.size(), 132u + 2 * kCipherSegmentBytes + kSegmentOverheadBytes);  // final empty segment
  EXPECT_EQ(test::read_header(sealed, test::fixture_secret("alice.sec")).data_keys[0].method,
            DataMethod::chacha20_ietf_poly1305_with_aead);
  r = run("C4GH_PASSPHRASE=alice", "crypt4gh decrypt --sk " + test::data("alice.sec") + " -i " + enc + " -o " + dec);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(test::slurp(dec), test::slurp(test::data("boundary.bin")));
  // Dropping the final empty segment is truncation: exit 2, no output.
  { std::ofstream(enc, std::ios::binary | std::ios::trunc) << sealed.substr(0, sealed.size() - kSegmentOverheadBytes); }
  fs::remove(dec);
  r = run("C4GH_PASSPHRASE=alice", "crypt4gh decrypt --sk " + test::data("alice.sec") + " -i " + enc + " -o " + dec);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "oncoshare: error: " + enc + ": data segment 2 (file offset 131260): missing; the data ends on a "
                   "segment boundary without its final segment (truncated)\n");
  EXPECT_FALSE(fs::exists(dec));
  r = run("", "crypt4gh encrypt --method gcm --recipient_pk " + test::data("alice.pub") + " -o " + enc);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "oncoshare: error: field '--method': unsupported data encryption method 'gcm' (chacha20, the "
                   "default, or aead)\n");
}

TEST(Cli, DecryptWarnsAboutHeaderPacketsItCannotOpen) {
  const std::string dec = tmp("dec");
  const std::string warning =
      "oncoshare: warning: 1 header packet(s) could not be opened with this key (other recipients, or damaged)\n";
  // ref.multi.c4gh is for alice and bob: bob's packet does not open with alice's key.
  CliRun r = run("C4GH_PASSPHRASE=alice", "crypt4gh decrypt --sk " + test::data("alice.sec") + " -i " +
                                              test::data("ref.multi.c4gh") + " -o " + dec);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, warning);
  // A damaged edit-list packet is skipped (as the reference does): the whole file comes out, with the warning.
  std::string arranged = test::slurp(test::data("osh.rearranged.c4gh"));  // data key packet, then edit list packet
  arranged[124 + 50] ^= 0x01;
  const std::string in = tmp("damaged.c4gh");
  { std::ofstream(in, std::ios::binary) << arranged; }
  r = run("C4GH_PASSPHRASE=alice", "crypt4gh decrypt --sk " + test::data("alice.sec") + " -i " + in + " -o " + dec);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, warning);
  EXPECT_EQ(test::slurp(dec), test::slurp(test::data("plain.bin")).substr(65536));  // segments 1 and 2, unedited
  r = run("C4GH_PASSPHRASE=alice", "crypt4gh decrypt --sk " + test::data("alice.sec") + " -i " +
                                       test::data("ref.alice.c4gh") + " -o " + dec);
  ASSERT_EQ(r.code, 0);
  EXPECT_EQ(r.err, "");
}

TEST(Cli, AeadPackageVerifies) {
  const std::string in = tmp("in"), pkg = tmp("pkg");
  fs::remove_all(in), fs::remove_all(pkg);
  fs::create_directories(in);
  fs::copy_file(test::data("boundary.bin"), in + "/boundary.bin");
  CliRun r = run("", "package --method aead --in " + in + " --recipient_pk " + test::data("alice.pub") + " --out " + pkg);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto manifest = nlohmann::json::parse(test::slurp(pkg + "/manifest.json"));
  EXPECT_EQ(manifest["data_encryption_method"], "chacha20_ietf_poly1305_with_AEAD");
  EXPECT_EQ(manifest["files"][0]["ciphertext"]["size"], 132 + 2 * kCipherSegmentBytes + kSegmentOverheadBytes);
  r = run("C4GH_PASSPHRASE=alice", "package verify " + pkg + " --sk " + test::data("alice.sec"));
  EXPECT_EQ(r.code, 0) << r.err;
  r = run("", "package --method x --in " + in + " --recipient_pk " + test::data("alice.pub") + " --out " + tmp("p2"));
  EXPECT_EQ(r.code, 2);
  EXPECT_FALSE(fs::exists(tmp("p2")));
}

TEST(Cli, PackageAndVerify) {
  const std::string in = tmp("in"), pkg = tmp("pkg");
  fs::remove_all(in), fs::remove_all(pkg);
  fs::create_directories(in + "/b");
  fs::copy_file(test::data("plain.bin"), in + "/b/plain.bin");
  { std::ofstream(in + "/a.csv") << "id,x\n1,2\n"; }
  CliRun r = run("", "package --in " + in + " --recipient_pk " + test::data("alice.pub") + " --out " + pkg);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto manifest = nlohmann::json::parse(test::slurp(pkg + "/manifest.json"));
  ASSERT_EQ(manifest["files"].size(), 2u);
  EXPECT_EQ(manifest["data_encryption_method"], "chacha20_ietf_poly1305");
  EXPECT_EQ(manifest["files"][0]["path"], "a.csv");
  EXPECT_EQ(manifest["files"][0]["plaintext"]["md5"], "5d02e4d2354eae28589766cca211477d");
  EXPECT_EQ(manifest["files"][1]["encrypted_path"], "b/plain.bin.c4gh");
  EXPECT_EQ(manifest["files"][1]["plaintext"]["sha256"], "f110efe1f98c5029d1db7d2e8e31ec1a52b3d34b55005392ab153e8eedcad7bb");
  EXPECT_EQ(manifest["files"][1]["plaintext"]["size"], 150000);
  EXPECT_EQ(manifest["files"][1]["ciphertext"]["size"], 150208);
  EXPECT_EQ(manifest["files"][1]["ciphertext"]["sha256"], test::sha256(test::slurp(pkg + "/b/plain.bin.c4gh")));
  EXPECT_EQ(run("C4GH_PASSPHRASE=alice", "package verify " + pkg + " --sk " + test::data("alice.sec")).code, 0);
  { std::ofstream(pkg + "/a.csv.c4gh", std::ios::app) << "x"; }
  r = run("", "package verify " + pkg);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err.substr(0, r.err.find(": ciphertext")), "oncoshare: error: " + pkg + "/a.csv.c4gh");
  EXPECT_NE(r.err.find("ciphertext size mismatch: manifest says"), std::string::npos);
  // A failed build leaves no package behind.
  const std::string pkg2 = tmp("pkg2");
  r = run("", "package --in " + tmp("nope") + " --recipient_pk " + test::data("alice.pub") + " --out " + pkg2);
  EXPECT_EQ(r.code, 2);
  EXPECT_FALSE(fs::exists(pkg2));
}

}  // namespace
}  // namespace oncoshare::crypt4gh
