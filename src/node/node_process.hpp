// A site node running as its own process (`oncoshare node serve --config FILE`), as the
// demo and the tests start it: the port is read from its first stdout line, its stderr goes
// to a log file, and it is stopped with SIGTERM (it then seals its audit log).
#pragma once

#include <sys/types.h>

#include <string>

#include "core/result.hpp"

namespace oncoshare::node {

class NodeProcess {
 public:
  // Starts `binary node serve --config config` and waits for "listening on port N". Fails
  // (naming the log) when the node exits or prints anything else first.
  [[nodiscard]] static core::Result<NodeProcess> start(const std::string& binary, const std::string& config,
                                                       const std::string& log);
  NodeProcess(NodeProcess&& other) noexcept;
  NodeProcess& operator=(NodeProcess&& other) noexcept;
  NodeProcess(const NodeProcess&) = delete;
  NodeProcess& operator=(const NodeProcess&) = delete;
  ~NodeProcess();  // stop()s a node still running

  [[nodiscard]] int port() const { return port_; }
  // The process id while running, else -1 (benches read its memory use from /proc).
  [[nodiscard]] pid_t pid() const { return pid_; }
  // SIGTERM, then waits; returns the exit status (-1 if it did not exit normally or was
  // already stopped).
  int stop();

 private:
  NodeProcess(pid_t pid, int port) : pid_(pid), port_(port) {}
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace oncoshare::node
