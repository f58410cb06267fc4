// The node's request path with the transport left out: for each HTTP request, who sent it
// (supplied by the caller), the transport limits, parsing, the role check, the replay
// guard, the endpoint's handler, the audit entry and the reply. The TLS server (server.hpp)
// routes through it with the peer taken from the client certificate; the request-path fuzz
// target routes plain HTTP through it with a fixed peer.
#pragma once

#include <functional>
#include <memory>

#include "core/result.hpp"
#include "node/config.hpp"
#include "node/pki.hpp"

namespace httplib {
class Server;
struct Request;
}  // namespace httplib

namespace oncoshare::node {

class RequestRouter {
 public:
  // Who sent a request; an error is refused 403 bad_certificate.
  using PeerSource = std::function<core::Result<PeerIdentity>(const httplib::Request&)>;

  // Loads every dataset, opens the audit log (signed with the TLS key), the DP ledger, the
  // replay store and the key share (if the file exists), and checks this node's certificate
  // against the roster. Errors name the file.
  [[nodiscard]] static core::Result<std::unique_ptr<RequestRouter>> create(NodeConfig config);
  ~RequestRouter();  // seals the audit log
  RequestRouter(const RequestRouter&) = delete;
  RequestRouter& operator=(const RequestRouter&) = delete;

  // Serves every endpoint on `server` (routes, pre-routing limits, error and exception
  // handlers, logger), asking `peer_of` who sent each request. The router must outlive the
  // server's serving.
  void install(httplib::Server& server, PeerSource peer_of);

  [[nodiscard]] const NodeConfig& config() const;
  // Encryptions precomputed and waiting (0 before the node holds a key share). Thread-safe.
  [[nodiscard]] std::size_t precomputed_encryptions() const;

 private:
  struct State;
  explicit RequestRouter(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace oncoshare::node
