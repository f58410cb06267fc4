// One command run as a whole process, the way a user runs it: its wall time (fork to exit)
// and its peak memory. Also the same measurement of a piece of in-process work run in a
// child, so component figures get a peak memory of their own.
#pragma once

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
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

namespace detail {

inline ProcessRun wait_for(pid_t pid, std::chrono::steady_clock::time_point start) {
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

}  // namespace detail

// Runs `argv` (argv[0] a path, or a program name looked up in PATH), waits for it to exit
// and measures it. Its stderr goes to `log`, and so does its stdout unless redirected.
inline ProcessRun run_process(const std::vector<std::string>& argv, const std::string& log,
                              const Redirect& redirect = {}) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::fflush(nullptr);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) return {};
  if (pid == 0) {
    const int err = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int out = redirect.stdout_path.empty()
                        ? err
                        : ::open(redirect.stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (out < 0) ::_exit(126);
    ::dup2(out, STDOUT_FILENO);
    if (err >= 0) ::dup2(err, STDERR_FILENO);
    if (!redirect.stdin_path.empty()) {
      const int in = ::open(redirect.stdin_path.c_str(), O_RDONLY);
      if (in < 0) ::_exit(126);
      ::dup2(in, STDIN_FILENO);
    }
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  return detail::wait_for(pid, start);
}

// Runs `work()` in a forked child of this process and measures the child as run_process
// does; exit code 0 when `work` returned true. Call it while this process has one thread.
template <class Work>
ProcessRun run_in_child(Work&& work) {
  std::fflush(nullptr);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) return {};
  if (pid == 0) {
    const bool ok = work();
    std::fflush(nullptr);
    ::_exit(ok ? 0 : 1);
  }
  return detail::wait_for(pid, start);
}

// Exits with the end of `log` when `run` failed; `what` names the command in the message.
inline void require_success(const ProcessRun& run, const std::string& what, const std::string& log) {
  if (run.exit_code == 0) return;
  std::stringstream text;
  text << std::ifstream(log).rdbuf();
  const std::string tail = text.str().substr(text.str().size() > 3000 ? text.str().size() - 3000 : 0);
  std::fprintf(stderr, "%s failed (exit %d); end of %s:\n%s\n", what.c_str(), run.exit_code, log.c_str(),
               tail.c_str());
  std::exit(1);
}

}  // namespace oncoshare::bench
