#include "node/detail/connection_guard.hpp"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <mutex>

namespace oncoshare::node::detail {

// One server connection, from the start of its handshake until OpenSSL frees it.
struct ConnectionGuard::Connection {
  ConnectionGuard* guard = nullptr;
  int fd = -1;
  std::string address;
  bool counted = false;  // within the caps (else closed at once, and not counted)
  std::chrono::steady_clock::time_point deadline;
};

namespace {

// ex_data of a context: its guard.
int context_slot() {
  static const int slot = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return slot;
}

// The client address of socket `fd` without its port ("" when unknown).
std::string peer_address(int fd) {
  sockaddr_storage peer{};
  socklen_t size = sizeof peer;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &size) != 0) return "";
  char text[INET6_ADDRSTRLEN] = {};
  const void* address = peer.ss_family == AF_INET6
                            ? static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(&peer)->sin6_addr)
                            : static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(&peer)->sin_addr);
  return ::inet_ntop(peer.ss_family, address, text, sizeof text) != nullptr ? text : "";
}

}  // namespace

int ConnectionGuard::connection_slot() {
  static const int slot = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, &ConnectionGuard::on_free);
  return slot;
}

ConnectionGuard::ConnectionGuard(ConnectionLimits limits) : limits_(limits) {
  if (limits_.handshake_timeout.count() > 0) watchdog_ = std::thread([this] { watch(); });
}

ConnectionGuard::~ConnectionGuard() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (watchdog_.joinable()) watchdog_.join();
}

void ConnectionGuard::attach(SSL_CTX* ctx) {
  (void)connection_slot();
  SSL_CTX_set_ex_data(ctx, context_slot(), this);
  SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_info_callback(ctx, &ConnectionGuard::on_info);
}

std::size_t ConnectionGuard::open_connections() const {
  std::lock_guard lock(mutex_);
  return open_;
}

void ConnectionGuard::on_info(const SSL* ssl, int where, int /*ret*/) {
  auto* guard = static_cast<ConnectionGuard*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), context_slot()));
  if (guard == nullptr) return;
  if ((where & SSL_CB_HANDSHAKE_START) != 0 && SSL_get_ex_data(ssl, connection_slot()) == nullptr) {
    guard->started(const_cast<SSL*>(ssl));  // OpenSSL passes its own connection; ex_data needs it mutable
  } else if ((where & SSL_CB_HANDSHAKE_DONE) != 0) {
    guard->handshake_done(ssl);
  }
}

void ConnectionGuard::on_free(void* /*parent*/, void* ptr, CRYPTO_EX_DATA* /*data*/, int /*index*/, long /*argl*/,
                              void* /*argp*/) {
  auto* connection = static_cast<Connection*>(ptr);
  if (connection == nullptr) return;
  connection->guard->ended(connection);
  delete connection;
}

void ConnectionGuard::started(SSL* ssl) {
  auto connection = std::make_unique<Connection>();
  connection->guard = this;
  connection->fd = SSL_get_fd(ssl);
  connection->address = peer_address(connection->fd);
  std::lock_guard lock(mutex_);
  const bool over = (limits_.max_connections != 0 && open_ >= limits_.max_connections) ||
                    (limits_.max_connections_per_address != 0 &&
                     per_address_[connection->address] >= limits_.max_connections_per_address);
  if (over) {
    // This thread owns the socket: closing it here fails the handshake's next read.
    ::shutdown(connection->fd, SHUT_RDWR);
  } else {
    connection->counted = true;
    ++open_;
    ++per_address_[connection->address];
    if (limits_.handshake_timeout.count() > 0) {
      connection->deadline = std::chrono::steady_clock::now() + limits_.handshake_timeout;
      handshaking_.insert(connection.get());
      wake_.notify_all();
    }
  }
  if (per_address_[connection->address] == 0) per_address_.erase(connection->address);
  SSL_set_ex_data(ssl, connection_slot(), connection.release());
}

void ConnectionGuard::handshake_done(const SSL* ssl) {
  auto* connection = static_cast<Connection*>(SSL_get_ex_data(ssl, connection_slot()));
  if (connection == nullptr) return;
  std::lock_guard lock(mutex_);
  handshaking_.erase(connection);
}

void ConnectionGuard::ended(Connection* connection) {
  std::lock_guard lock(mutex_);
  handshaking_.erase(connection);
  if (!connection->counted) return;
  --open_;
  if (auto it = per_address_.find(connection->address); it != per_address_.end() && --it->second == 0) {
    per_address_.erase(it);
  }
}

// Shuts down each connection whose handshake outlived its deadline. Under the mutex, so a
// connection cannot be freed (and its descriptor closed and reused) in between.
void ConnectionGuard::watch() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const auto now = std::chrono::steady_clock::now();
    auto next = now + std::chrono::hours(1);
    for (auto it = handshaking_.begin(); it != handshaking_.end();) {
      if ((*it)->deadline <= now) {
        ::shutdown((*it)->fd, SHUT_RDWR);
        it = handshaking_.erase(it);
      } else {
        next = std::min(next, (*it)->deadline);
        ++it;
      }
    }
    wake_.wait_until(lock, next);
  }
}

}  // namespace oncoshare::node::detail
