// Which existing paths an output may replace: same file under another name, symlinked
// folders, markers of other commands or none; key backups; stale temporaries.
#include "core/output_claim.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/atomic_output.hpp"
#include "core/key_file.hpp"
#include "core/stale_temporaries.hpp"

namespace oncoshare::core {
namespace {

namespace fs = std::filesystem;

class OutputClaims : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "output_claim_XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    dir_ = templ;
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  static void spit(const std::string& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }
  static std::string slurp(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  fs::path dir_;
};

TEST_F(OutputClaims, AnInputUnderAnotherNameIsStillAnInput) {
  spit(path("data.csv"), "a\n");
  fs::create_hard_link(path("data.csv"), path("alias.csv"));
  fs::create_directory_symlink(dir_, path("link"));
  const std::string inputs[] = {path("data.csv")};
  for (const std::string& out : {path("alias.csv"), path("link/data.csv"), path("./data.csv")}) {
    Status refused = check_output_file(out, inputs);
    ASSERT_FALSE(refused) << out;
    EXPECT_EQ(refused.error().to_string(), out + ": is also an input of this run; refusing to replace it");
  }
  EXPECT_FALSE(AtomicFile::create(path("alias.csv"), 0644, inputs));
  EXPECT_EQ(slurp(path("data.csv")), "a\n");
  EXPECT_TRUE(check_output_file(path("other.csv"), inputs));
}

TEST_F(OutputClaims, FoldersAreComparedAfterResolvingSymlinks) {
  fs::create_directories(path("in/sub"));
  fs::create_directory_symlink(path("in/sub"), path("sub_link"));
  const OutputClaim claim{"package", {path("in")}};
  Status inside = check_output_folder(path("sub_link/out"), claim);
  ASSERT_FALSE(inside);
  EXPECT_EQ(inside.error().message, "is inside the input folder " + path("in") + "; refusing to write there");
  // A sibling whose name merely starts with the input's is not inside it.
  EXPECT_TRUE(check_output_folder(path("in2"), claim));
}

TEST_F(OutputClaims, OnlyTheSameCommandsMarkerAllowsReplacing) {
  fs::create_directories(path("out"));
  spit(path("out/x"), "x");
  EXPECT_FALSE(check_output_folder(path("out"), {"fhir", {}}));
  spit(path("out/.oncoshare-output"), "oncoshare-output v2\ncommand: fhir\n");  // a format we do not know
  EXPECT_FALSE(check_output_folder(path("out"), {"fhir", {}}));
  spit(path("out/.oncoshare-output"), output_marker("fhir"));
  EXPECT_TRUE(check_output_folder(path("out"), {"fhir", {}}));
  EXPECT_FALSE(check_output_folder(path("out"), {"fhirx", {}}));
  EXPECT_TRUE(output_marker("fhir").starts_with("oncoshare-output v1\ncommand: fhir\nversion: "));
}

TEST_F(OutputClaims, KeyBackupsAreNeverOverwritten) {
  const std::string key = path("k");
  EXPECT_TRUE(write_key_file(key, "one", 0600, ExistingKey::refuse));
  EXPECT_FALSE(write_key_file(key, "two", 0600, ExistingKey::refuse));
  spit(key + ".bak", "unrelated");
  EXPECT_TRUE(write_key_file(key, "two", 0600, ExistingKey::replace_keeping_backup));
  EXPECT_TRUE(write_key_file(key, "three", 0600, ExistingKey::replace_keeping_backup));
  EXPECT_EQ(slurp(key), "three");
  EXPECT_EQ(slurp(key + ".bak"), "unrelated");
  EXPECT_EQ(slurp(key + ".bak.1"), "one");
  EXPECT_EQ(slurp(key + ".bak.2"), "two");
  // A dangling symlink is an existing file too: replacing it could write through it later.
  fs::create_symlink(path("nowhere"), path("dangling"));
  const std::string dangling[] = {path("dangling")};
  EXPECT_FALSE(check_key_files(dangling, ExistingKey::refuse));
}

TEST_F(OutputClaims, AnEarlierOutputSetAsideByAKilledRunIsPutBack) {
  const pid_t child = ::fork();
  if (child == 0) _exit(0);
  ::waitpid(child, nullptr, 0);
  const std::string old = path(".out.old-" + std::to_string(child) + "-abcdef");
  fs::create_directories(old);
  spit(old + "/result.json", "{}");
  remove_stale_temporaries(path("out"));
  EXPECT_EQ(slurp(path("out/result.json")), "{}");
  EXPECT_FALSE(fs::exists(old));
}

}  // namespace
}  // namespace oncoshare::core
