// The site node server: HTTPS with mutual TLS only (a client must present a certificate
// from the federation CA, or the handshake fails), serving the dataset catalog, federated
// queries (plaintext or encrypted under the collective key), the threshold-key endpoints
// and Beacon v2. Every request is checked against the dataset policy, written to the
// audit log (allowed or refused) and logged as one line on stderr. See docs/node.md.
#pragma once

#include <memory>

#include "core/result.hpp"
#include "node/config.hpp"

namespace oncoshare::node {

class NodeServer {
 public:
  // Loads every dataset, opens the audit log (signed with the TLS key), the DP ledger and
  // the key share (if the file exists) and prepares the TLS context. Errors name the file.
  [[nodiscard]] static core::Result<std::unique_ptr<NodeServer>> create(NodeConfig config);
  ~NodeServer();
  NodeServer(const NodeServer&) = delete;
  NodeServer& operator=(const NodeServer&) = delete;

  // Binds config.host:config.port (port 0: a free port). Returns the bound port.
  [[nodiscard]] core::Result<int> bind();
  // Serves on the bound socket until stop() is called (from any thread or a signal
  // watcher). Returns once every in-flight request has been answered.
  [[nodiscard]] core::Status serve();
  // Asks serve() to return. Thread-safe, idempotent.
  void stop();
  // Encryptions precomputed and waiting (0 before the node holds a key share). Thread-safe.
  [[nodiscard]] std::size_t precomputed_encryptions() const;

 private:
  struct State;
  explicit NodeServer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace oncoshare::node
