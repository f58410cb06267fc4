#include "node/server.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <openssl/ssl.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "node/detail/connection_guard.hpp"
#include "node/detail/openssl.hpp"
#include "node/request_router.hpp"

namespace oncoshare::node {

namespace {

core::Result<PeerIdentity> peer_of(const httplib::Request& req) {
  if (req.ssl == nullptr) return core::fail(core::Error{core::ErrorCode::check_failed, "no TLS session"});
  detail::X509Ptr cert(SSL_get1_peer_certificate(req.ssl));
  if (!cert) return core::fail(core::Error{core::ErrorCode::check_failed, "no client certificate"});
  return peer_identity(cert.get());
}

detail::ConnectionLimits limits_of(const NodeConfig& c) {
  return {static_cast<std::size_t>(c.max_connections), static_cast<std::size_t>(c.max_connections_per_address),
          std::chrono::seconds(c.handshake_timeout_seconds)};
}

}  // namespace

// Destroyed in reverse: the server (and with it every connection) before the connection
// guard its TLS context calls, and both before the router its handlers call.
struct NodeServer::State {
  std::unique_ptr<RequestRouter> router;
  std::unique_ptr<detail::ConnectionGuard> connections;
  std::unique_ptr<httplib::SSLServer> http;
  int port = 0;
  // httplib forgets a stop() that lands before listen_after_bind() is running (a SIGTERM
  // just after "listening on port"), so serve() and stop() meet through these two flags.
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> serving{false};
};

NodeServer::NodeServer(std::unique_ptr<State> state) : state_(std::move(state)) {}
NodeServer::~NodeServer() { stop(); }

core::Result<std::unique_ptr<NodeServer>> NodeServer::create(NodeConfig config) {
  auto state = std::make_unique<State>();
  auto router = RequestRouter::create(std::move(config));
  if (!router) return core::fail(router.error());
  state->router = std::move(*router);
  const NodeConfig& c = state->router->config();
  state->connections = std::make_unique<detail::ConnectionGuard>(limits_of(c));

  std::string cert = c.tls_cert, key = c.tls_key, ca = c.tls_ca;
  std::string tls_error;
  state->http = std::make_unique<httplib::SSLServer>([&](SSL_CTX& ctx) {
    SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION);
    auto failed = [&](std::string what) {
      tls_error = fmt::format("{}: {}", what, detail::openssl_error());
      return false;
    };
    if (SSL_CTX_use_certificate_chain_file(&ctx, cert.c_str()) != 1) return failed("cannot load certificate " + cert);
    if (SSL_CTX_use_PrivateKey_file(&ctx, key.c_str(), SSL_FILETYPE_PEM) != 1) return failed("cannot load key " + key);
    if (SSL_CTX_check_private_key(&ctx) != 1) return failed("key does not match certificate " + cert);
    if (SSL_CTX_load_verify_locations(&ctx, ca.c_str(), nullptr) != 1) return failed("cannot load CA " + ca);
    SSL_CTX_set_client_CA_list(&ctx, SSL_load_client_CA_file(ca.c_str()));
    // Mutual TLS only: no client certificate from the federation CA, no handshake.
    SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    state->connections->attach(&ctx);
    return true;
  });
  if (!state->http->is_valid()) {
    return core::fail(core::bad_input(tls_error.empty() ? "cannot set up TLS" : tls_error, {c.path, 0, 0, "tls"}));
  }
  // More workers than one address may hold connections (config.cpp checks it), so one
  // client cannot occupy them all.
  const auto workers = static_cast<std::size_t>(c.worker_threads);
  state->http->new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
  state->http->set_read_timeout(10, 0);
  // Answers are written in one piece: Nagle's algorithm would hold the last segment until
  // the client's delayed ACK (40 ms per request on a kept-alive connection).
  state->http->set_tcp_nodelay(true);
  state->http->set_write_timeout(10, 0);
  state->router->install(*state->http, peer_of);
  return std::unique_ptr<NodeServer>(new NodeServer(std::move(state)));
}

core::Result<int> NodeServer::bind() {
  const auto& c = state_->router->config();
  int port = c.port == 0 ? state_->http->bind_to_any_port(c.host)
                         : (state_->http->bind_to_port(c.host, c.port) ? c.port : -1);
  if (port <= 0) {
    return core::fail(core::io_error(fmt::format("cannot listen on {}:{}", c.host, c.port), {c.path, 0, 0, "node.listen"}));
  }
  state_->port = port;
  return port;
}

core::Status NodeServer::serve() {
  state_->serving = true;
  if (state_->stop_requested) {
    state_->serving = false;
    return {};
  }
  const bool listened = state_->http->listen_after_bind();
  state_->serving = false;
  if (!listened) {
    return core::io_error("the server stopped with an error", {state_->router->config().path});
  }
  return {};
}

std::size_t NodeServer::precomputed_encryptions() const { return state_->router->precomputed_encryptions(); }

void NodeServer::stop() {
  if (!state_ || !state_->http) return;
  state_->stop_requested = true;
  // serve() has seen no request to stop and is about to listen: wait until httplib runs.
  while (state_->serving && !state_->http->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  state_->http->stop();
}

}  // namespace oncoshare::node
