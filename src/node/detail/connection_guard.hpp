// Internal: limits on the TLS server's connections that cpp-httplib does not have. Each
// connection holds a worker thread from its handshake to its close, and httplib's read
// timeout applies per read, so a client sending a byte now and then could hold a worker
// forever. The guard sees each connection through OpenSSL's info callback: at the start of
// its handshake it counts it against the caps on open connections (in total and per client
// address) and closes it at once when over one; a watchdog thread shuts down a connection
// whose handshake is not done by the deadline. The count ends when OpenSSL frees the
// connection (ex_data free callback), which httplib does before it closes the socket, so the
// watchdog never shuts down a descriptor that was reused.
#pragma once

#include <openssl/ssl.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

namespace oncoshare::node::detail {

struct ConnectionLimits {
  std::size_t max_connections = 256;             // 0 = unlimited
  std::size_t max_connections_per_address = 64;  // 0 = unlimited
  std::chrono::seconds handshake_timeout{5};     // 0 = no deadline
};

class ConnectionGuard {
 public:
  explicit ConnectionGuard(ConnectionLimits limits);
  ~ConnectionGuard();  // stops the watchdog; every connection of attached contexts must be freed by then
  ConnectionGuard(const ConnectionGuard&) = delete;
  ConnectionGuard& operator=(const ConnectionGuard&) = delete;

  // Puts every server connection made from `ctx` under the guard (and turns off TLS 1.2
  // renegotiation, which would start a second handshake the deadline does not cover).
  void attach(SSL_CTX* ctx);

  // Connections currently counted (for tests and monitoring). Thread-safe.
  [[nodiscard]] std::size_t open_connections() const;

 private:
  struct Connection;
  static int connection_slot();  // ex_data of a connection: its Connection, freed with it
  static void on_info(const SSL* ssl, int where, int ret);
  static void on_free(void* parent, void* ptr, CRYPTO_EX_DATA* data, int index, long argl, void* argp);
  void started(SSL* ssl);
  void handshake_done(const SSL* ssl);
  void ended(Connection* connection);
  void watch();

  ConnectionLimits limits_;
  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable wake_;
  std::size_t open_ = 0;
  std::map<std::string, std::size_t> per_address_;
  std::set<Connection*> handshaking_;  // under a deadline
  bool stopping_ = false;
  std::thread watchdog_;
};

}  // namespace oncoshare::node::detail
