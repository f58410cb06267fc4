// One command run as a whole process, the way a user runs it: its wall time (fork to exit)
// and its peak memory, with stdout and stderr going to a log file.
#pragma once

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

namespace oncoshare::bench {

struct ProcessRun {
  int exit_code = -1;  // -1 when it could not start or did not exit normally
  double wall_ms = 0;
  double peak_rss_mib = 0;
  double cpu_seconds = 0;  // user + system time of the child, all its threads
};

// Files for a child's standard input and output; empty: stdin inherited, stdout to the log.
struct Redirect {
  std::string stdin_path;
  std::string stdout_path;
};

// Runs argv[0] with `argv`, waits for it to exit and measures it. stderr goes to `log`.
inline ProcessRun run_process(const std::vector<std::string>& argv, const std::string& log,
                              const Redirect& redirect = {}) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) return {};
  if (pid == 0) {
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out >= 0) {
      ::dup2(out, STDOUT_FILENO);
      ::dup2(out, STDERR_FILENO);
    }
    if (!redirect.stdin_path.empty()) {
      const int in = ::open(redirect.stdin_path.c_str(), O_RDONLY);
      if (in < 0) ::_exit(126);
      ::dup2(in, STDIN_FILENO);
    }
    if (!redirect.stdout_path.empty()) {
      const int data = ::open(redirect.stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      if (data < 0) ::_exit(126);
      ::dup2(data, STDOUT_FILENO);
    }
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  int status = 0;
  rusage usage{};
  if (::wait4(pid, &status, 0, &usage) != pid) return {};
  ProcessRun run;
  run.wall_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.peak_rss_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;  // KiB on Linux
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  run.cpu_seconds = seconds(usage.ru_utime) + seconds(usage.ru_stime);
  return run;
}

}  // namespace oncoshare::bench
