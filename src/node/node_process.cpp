#include "node/node_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <utility>

namespace oncoshare::node {

core::Result<NodeProcess> NodeProcess::start(const std::string& binary, const std::string& config,
                                             const std::string& log) {
  int out[2];
  if (::pipe(out) != 0) return core::fail(core::io_error("cannot create a pipe for the node process"));
  pid_t pid = ::fork();
  if (pid < 0) return core::fail(core::io_error("cannot start the node process"));
  if (pid == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    int err = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (err >= 0) ::dup2(err, STDERR_FILENO);
    ::close(out[0]);
    ::execl(binary.c_str(), binary.c_str(), "node", "serve", "--config", config.c_str(), nullptr);
    ::_exit(127);
  }
  ::close(out[1]);
  std::string line;
  char c = 0;
  while (::read(out[0], &c, 1) == 1 && c != '\n') line += c;
  ::close(out[0]);
  NodeProcess process(pid, 0);
  constexpr std::string_view kListening = "listening on port ";
  if (line.rfind(kListening, 0) != 0) {
    process.stop();
    return core::fail(core::Error{core::ErrorCode::check_failed,
                                  "the node did not start (" + (line.empty() ? std::string("no output") : line) +
                                      "): see " + log,
                                  {config}});
  }
  process.port_ = std::stoi(line.substr(kListening.size()));
  return process;
}

NodeProcess::NodeProcess(NodeProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)), port_(other.port_) {}

NodeProcess& NodeProcess::operator=(NodeProcess&& other) noexcept {
  if (this != &other) {
    stop();
    pid_ = std::exchange(other.pid_, -1);
    port_ = other.port_;
  }
  return *this;
}

NodeProcess::~NodeProcess() { stop(); }

int NodeProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  pid_t waited = ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return waited > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace oncoshare::node
