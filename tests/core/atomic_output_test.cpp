#include "core/atomic_output.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace oncoshare::core {
namespace {

namespace fs = std::filesystem;

class AtomicOutput : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("atomic-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // Entries in the test directory, to prove no temporary is left behind.
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_), fs::directory_iterator{}));
  }
  fs::path dir_;
};

TEST_F(AtomicOutput, CommitPublishesTheWholeFile) {
  auto target = (dir_ / "out.txt").string();
  auto file = AtomicFile::create(target);
  ASSERT_TRUE(file);
  file->write("hello ");
  EXPECT_FALSE(fs::exists(target));  // nothing visible before commit
  file->write(std::string(3u << 20, 'x'));  // crosses the flush threshold
  ASSERT_TRUE(file->commit());
  EXPECT_EQ(fs::file_size(target), 6u + (3u << 20));
  EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicOutput, AbandonedFileLeavesNothing) {
  auto target = (dir_ / "out.txt").string();
  {
    auto file = AtomicFile::create(target);
    ASSERT_TRUE(file);
    file->write("partial");
  }
  EXPECT_FALSE(fs::exists(target));
  EXPECT_EQ(entries(), 0u);
}

TEST_F(AtomicOutput, FailedRewriteKeepsThePreviousVersion) {
  auto target = (dir_ / "out.txt").string();
  ASSERT_TRUE(write_file_atomically(target, "v1"));
  {
    auto file = AtomicFile::create(target);
    ASSERT_TRUE(file);
    file->write("v2 half");
  }
  EXPECT_EQ(slurp(target), "v1");
}

TEST_F(AtomicOutput, ModeIsApplied) {
  auto target = (dir_ / "key").string();
  ASSERT_TRUE(write_file_atomically(target, "k", 0600));
  EXPECT_EQ(fs::status(target).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
}

TEST_F(AtomicOutput, MissingDirectoryIsAnIoErrorNamingTheTarget) {
  auto file = AtomicFile::create((dir_ / "no" / "out.txt").string());
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().code, ErrorCode::io);
  EXPECT_NE(file.error().to_string().find("/no/out.txt: cannot create a temporary file"),
            std::string::npos);
}

TEST_F(AtomicOutput, DirectoryAppearsOnlyOnCommitAndReplacesOldOutput) {
  auto target = (dir_ / "bundle").string();
  fs::create_directories(target);
  std::ofstream(fs::path(target) / "stale.txt") << "old";
  std::ofstream(fs::path(target) / ".oncoshare-output") << output_marker("test");  // an earlier output
  auto out = AtomicDirectory::create(target, {"test", {}});
  ASSERT_TRUE(out);
  std::ofstream(fs::path(out->path()) / "a.txt") << "new";
  EXPECT_TRUE(fs::exists(fs::path(target) / "stale.txt"));
  ASSERT_TRUE(out->commit());
  EXPECT_EQ(slurp(fs::path(target) / "a.txt"), "new");
  const mode_t mask = ::umask(0);
  ::umask(mask);
  EXPECT_EQ(static_cast<unsigned>(fs::status(target).permissions() & fs::perms::all),
            0777u & ~static_cast<unsigned>(mask));  // as mkdir would make it, not mkdtemp's 0700
  EXPECT_FALSE(fs::exists(fs::path(target) / "stale.txt"));
  EXPECT_EQ(entries(), 1u);
}

TEST_F(AtomicOutput, AbandonedDirectoryLeavesNothing) {
  {
    auto out = AtomicDirectory::create((dir_ / "bundle").string(), {"test", {}});
    ASSERT_TRUE(out);
    std::ofstream(fs::path(out->path()) / "a.txt") << "x";
  }
  EXPECT_EQ(entries(), 0u);
}

TEST_F(AtomicOutput, KilledWriterLeavesNoTemporary) {
  auto target = (dir_ / "out.txt").string();
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto file = AtomicFile::create(target);
    auto dir = AtomicDirectory::create((dir_ / "tree").string(), {"test", {}});
    file->write("partial");
    char c = 'r';
    (void)!::write(ready[1], &c, 1);
    ::pause();  // wait for SIGTERM
    _exit(0);
  }
  char c;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);
  EXPECT_EQ(entries(), 2u);  // the temporary file and directory exist while it runs
  ::kill(child, SIGTERM);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  EXPECT_EQ(entries(), 0u);
  ::close(ready[0]);
  ::close(ready[1]);
}

}  // namespace
}  // namespace oncoshare::core
