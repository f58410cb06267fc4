// Temporaries of a run killed with SIGKILL (which no handler sees) are removed by the next
// run of the same target; a live run's temporaries are left alone.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <thread>

#include "cli/cli_run.hpp"

namespace oncoshare::cli::test {
namespace {

using StaleTemporaries = Scratch;

// Entries of `dir` whose name starts with `prefix`.
std::vector<std::string> starting_with(const fs::path& dir, const std::string& prefix) {
  std::vector<std::string> found;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0) found.push_back(name);
  }
  return found;
}

// The id of a process that has exited and been reaped.
pid_t dead_pid() {
  const pid_t child = ::fork();
  if (child == 0) _exit(0);
  ::waitpid(child, nullptr, 0);
  return child;
}

TEST_F(StaleTemporaries, KilledSynthLeavesATemporaryThatTheNextRunRemoves) {
  const std::string out = path("cohort");
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    ::dup2(null, STDERR_FILENO);
    ::execl(ONCOSHARE_BINARY, "oncoshare", "synth", "--sites", "2", "--patients", "5000000", "--out", out.c_str(),
            static_cast<char*>(nullptr));
    _exit(127);
  }
  // Kill it once it has started writing into its temporary folder.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  bool writing = false;
  while (!writing && std::chrono::steady_clock::now() < deadline) {
    for (const std::string& name : starting_with(root_, ".cohort.tmpdir-")) {
      writing = writing || fs::exists(root_ / name / "dictionary.csv");
    }
    if (!writing) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(writing);
  ASSERT_TRUE(WIFSIGNALED(status));
  ASSERT_EQ(starting_with(root_, ".cohort.tmpdir-").size(), 1u);  // SIGKILL cannot be caught
  EXPECT_FALSE(fs::exists(out));

  const CliRun again = run("synth --sites 1 --patients 5 --out " + out);
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_TRUE(starting_with(root_, ".cohort.tmpdir-").empty());
  EXPECT_TRUE(fs::exists(out + "/site_1.csv"));
}

TEST_F(StaleTemporaries, OnlyTemporariesOfEndedProcessesAreRemoved) {
  const std::string dead = std::to_string(dead_pid()), live = std::to_string(::getpid());
  fs::create_directories(path(".cohort.tmpdir-" + dead + "-aaaaaa/sub"));
  fs::create_directories(path(".cohort.tmpdir-" + live + "-bbbbbb"));
  fs::create_directories(path(".cohort.old-" + dead + "-cccccc"));
  fs::create_directories(path(".other.tmpdir-" + dead + "-dddddd"));  // another target's: not ours to judge
  spit(path(".out.ndjson.tmp-" + dead + "-eeeeee"), "partial");
  spit(path(".out.ndjson.tmp-" + live + "-ffffff"), "partial");

  ASSERT_EQ(run("synth --sites 1 --patients 5 --out " + path("cohort")).code, 0);
  EXPECT_EQ(starting_with(root_, ".cohort."), std::vector<std::string>{".cohort.tmpdir-" + live + "-bbbbbb"});
  EXPECT_TRUE(fs::exists(path(".other.tmpdir-" + dead + "-dddddd")));

  ASSERT_EQ(run("ingest --dictionary " + path("cohort/dictionary.csv") + " --data " + path("cohort/site_1.csv") +
                " --out " + path("out.ndjson")).code, 0);
  EXPECT_EQ(starting_with(root_, ".out.ndjson."), std::vector<std::string>{".out.ndjson.tmp-" + live + "-ffffff"});
}

}  // namespace
}  // namespace oncoshare::cli::test
