// One site node reached over HTTPS with mutual TLS, as the researcher-side tools use it:
// the server must present the certificate the federation CA issued to this node (CN = the
// listed name, role node), every POST gets a fresh nonce and timestamp (the node refuses
// replays), transport failures are retried with back-off, and every error names the node,
// so a study can say exactly which site failed and why.
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "coordinator/federation.hpp"

namespace oncoshare::coordinator {

class NodeClient {
 public:
  NodeClient(const Federation& federation, NodeAddress node);
  ~NodeClient();
  NodeClient(NodeClient&&) noexcept;
  NodeClient& operator=(NodeClient&&) noexcept;

  [[nodiscard]] const NodeAddress& node() const { return node_; }
  // True once the server at this address presented a certificate that is not this node's
  // (another node's, a researcher's, one from another CA): not a node to leave out, an impostor.
  [[nodiscard]] bool identity_refused() const { return identity_refused_; }

  // GET `path`; the JSON answer of a 200, else an error naming the node (check_failed with
  // the node's {"error", "reason"} for a refusal, or with the address, the expected name and
  // the certificate's CN for a server that is not this node: "node 'site_1' (HOST:PORT): the
  // server's certificate is for 'site_x', not 'site_1'"; io for an unreachable or silent node).
  [[nodiscard]] core::Result<nlohmann::json> get(const std::string& path);
  // POST `body` plus "nonce" and "timestamp" to `path`. A retry after a transport failure
  // resends the same nonce, so a request that did reach the node is never executed twice.
  [[nodiscard]] core::Result<nlohmann::json> post(const std::string& path, nlohmann::json body);

 private:
  struct Connection;
  [[nodiscard]] core::Result<nlohmann::json> send(const std::string& method, const std::string& path,
                                                  const std::string& body);
  NodeAddress node_;
  int retries_ = 0;
  bool identity_refused_ = false;
  std::unique_ptr<Connection> connection_;
};

// A random 128-bit identifier in hex: request nonces, query ids, DKG sessions.
[[nodiscard]] std::string random_id();

}  // namespace oncoshare::coordinator
