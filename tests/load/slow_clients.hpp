// Hostile connections for load tests: clients that connect from another loopback address
// (127.0.0.2, so a per-address limit can tell them from honest clients on 127.0.0.1) and
// never finish a TLS handshake. Half trickle a real ClientHello one byte per second, half
// send nothing. When the server closes one, it connects again, so the pressure stays on.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace oncoshare::load_testing {

// The first flight of a TLS client, as OpenSSL writes it.
inline std::string client_hello() {
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL* ssl = SSL_new(ctx);
  BIO* out = BIO_new(BIO_s_mem());
  SSL_set_bio(ssl, BIO_new(BIO_s_mem()), out);
  (void)SSL_connect(ssl);  // writes the ClientHello, then wants the server's answer
  char* data = nullptr;
  const long size = BIO_get_mem_data(out, &data);
  std::string hello(data, static_cast<std::size_t>(size));
  SSL_free(ssl);
  SSL_CTX_free(ctx);
  return hello;
}

class SlowClients {
 public:
  // `count` clients from `from` to 127.0.0.1:`port`, half of them trickling.
  SlowClients(int port, int count, const std::string& from = "127.0.0.2") : hello_(client_hello()) {
    for (int i = 0; i < count; ++i) {
      threads_.emplace_back(
          [this, port, from, trickle = i % 2 == 0] { hold(port, from, trickle); });
    }
  }
  ~SlowClients() { stop(); }
  SlowClients(const SlowClients&) = delete;
  SlowClients& operator=(const SlowClients&) = delete;

  void stop() {
    stop_ = true;
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }
  // Connections made so far, and how many of them the server closed.
  [[nodiscard]] int connections() const { return connections_; }
  [[nodiscard]] int closed_by_server() const { return closed_; }

 private:
  void hold(int port, const std::string& from, bool trickle) {
    while (!stop_) {
      const int fd = connect_from(port, from);
      if (fd < 0) {
        wait(std::chrono::milliseconds(100));
        continue;
      }
      ++connections_;
      std::size_t sent = 0;
      auto next_byte = std::chrono::steady_clock::now();
      while (!stop_) {
        if (trickle && sent < hello_.size() && std::chrono::steady_clock::now() >= next_byte) {
          if (::send(fd, hello_.data() + sent, 1, MSG_NOSIGNAL) != 1) break;
          ++sent;
          next_byte += std::chrono::seconds(1);
        }
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 100) > 0) {
          char byte = 0;
          if (::recv(fd, &byte, 1, 0) <= 0) break;  // closed (or an alert, then closed)
        }
      }
      if (!stop_) ++closed_;
      ::close(fd);
    }
  }

  static int connect_from(int port, const std::string& from) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    sockaddr_in local{};
    local.sin_family = AF_INET;
    ::inet_pton(AF_INET, from.c_str(), &local.sin_addr);
    sockaddr_in server{};
    server.sin_family = AF_INET;
    server.sin_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
    // A full accept queue must not hold the client past stop(): connect gives up after 1 s.
    timeval limit{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
        ::connect(fd, reinterpret_cast<sockaddr*>(&server), sizeof server) != 0) {
      ::close(fd);
      return -1;
    }
    return fd;
  }

  void wait(std::chrono::milliseconds ms) {
    for (auto until = std::chrono::steady_clock::now() + ms;
         !stop_ && std::chrono::steady_clock::now() < until;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  const std::string hello_;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0}, closed_{0};
  std::vector<std::thread> threads_;
};

}  // namespace oncoshare::load_testing
