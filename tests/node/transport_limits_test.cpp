// What a client can make the node's transport do before any policy is consulted: deeply
// nested JSON, bodies larger than max_request_bytes once de-chunked or decompressed, and
// connections that hold a worker without finishing their TLS handshake.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <vector>

#include "node/audit_log.hpp"
#include "node/node_test_support.hpp"

namespace oncoshare::node {
namespace {

using nlohmann::json;
using std::chrono::steady_clock;

const testing::TestFederation& world() {
  static const testing::TestFederation w = testing::make_test_federation(
      "oncoshare-node-transport-world", {{Role::node, "site_1"}, {Role::node, "coordinator"}, {Role::researcher, "alice"}},
      1, 200, 15);
  return w;
}

const json kCount = {{"dataset", "registry"}, {"purpose", {{"use", "HMB"}, {"irb_approved", true}}}};

class TransportLimitsTest : public ::testing::Test {
 protected:
  testing::ScratchDir dir_;

  [[nodiscard]] std::string config(const std::string& node_keys = "max_request_bytes = 1048576\n") const {
    return testing::single_dataset_config(world(), dir_.str(), node_keys);
  }
  [[nodiscard]] int answer_status(int port) const {
    auto alice = testing::federation_client(world(), port, "alice");
    auto res = alice->Post("/query/count", testing::with_fresh_nonce(kCount).dump(), "application/json");
    return res ? res->status : -1;
  }

  // The node refused the request with `status` before reading its body and answered nothing
  // else. The refusal leaves while the client is still sending, so a slow client may see the
  // connection reset instead of the reply (httplib cannot close gracefully from there); the
  // audit log says what the node did either way.
  void expect_refused_unread(const httplib::Result& res, int status, const std::string& error,
                             const std::string& reason) const {
    if (res) {
      EXPECT_EQ(res->status, status);
      json refused = json::parse(res->body);
      EXPECT_EQ(refused["error"], error);
      EXPECT_EQ(refused["reason"], reason);
    }
    const std::string audit = testing::read_file(dir_ / "audit.log");
    EXPECT_NE(audit.find(fmt::format("refused before routing: HTTP {}", status)), std::string::npos) << audit;
    EXPECT_EQ(audit.find("\"decision\":\"allowed\""), std::string::npos) << audit;
  }
};

// 400,000 nested arrays (800 KB) in an object overflowed the handler thread's stack: the node died and
// its audit log was left unsealed. Any certificate could send it, even to an endpoint its
// role may not use.
TEST_F(TransportLimitsTest, DeeplyNestedJsonIsRefusedAndTheNodeKeepsServing) {
  {
    testing::ServingNode node(config(), dir_.str());
    auto site = testing::federation_client(world(), node.port(), "coordinator");
    const std::string deep = "{\"dataset\": " + std::string(400'000, '[') + std::string(400'000, ']') + "}";
    auto res = site->Post("/query/count", deep, "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
    json refused = json::parse(res->body);
    EXPECT_EQ(refused["error"], "malformed_json");
    EXPECT_EQ(refused["reason"], "request body:1:76: JSON nested deeper than 64 levels");
    EXPECT_EQ(answer_status(node.port()), 200);
  }
  auto summary = verify_audit_log(dir_ / "audit.log", testing::read_file(world().cert("site_1")));
  ASSERT_TRUE(summary) << summary.error().to_string();
  EXPECT_EQ(summary->entries, 2u);
}

// A chunked body has no Content-Length for max_request_bytes to check: 2 MiB of a valid
// query (padded with spaces) was read whole and answered under a 1 MiB limit.
TEST_F(TransportLimitsTest, ChunkedBodiesAreRefused) {
  testing::ServingNode node(config(), dir_.str());
  auto alice = testing::federation_client(world(), node.port(), "alice");
  const std::string body = testing::with_fresh_nonce(kCount).dump() + std::string(2 << 20, ' ');
  auto res = alice->Post(
      "/query/count",
      [&](std::size_t offset, httplib::DataSink& sink) {
        const std::size_t n = std::min<std::size_t>(64 << 10, body.size() - offset);
        sink.write(body.data() + offset, n);
        if (offset + n == body.size()) sink.done();
        return true;
      },
      "application/json");
  expect_refused_unread(res, 411, "length_required", "a request body must be sent with Content-Length, not chunked");
  EXPECT_EQ(answer_status(node.port()), 200);
}

// A compressed body is inflated after max_request_bytes checked its compressed size: a few
// kilobytes of gzip became 4 MiB under a 1 MiB limit (199 KiB became 200 MiB).
TEST_F(TransportLimitsTest, CompressedBodiesAreRefused) {
  testing::ServingNode node(config(), dir_.str());
  auto alice = testing::federation_client(world(), node.port(), "alice");
  alice->set_compress(true);
  const std::string body = testing::with_fresh_nonce(kCount).dump() + std::string(4 << 20, ' ');
  auto res = alice->Post("/query/count", body, "application/json");
  expect_refused_unread(res, 415, "unsupported_encoding", "request bodies must not be compressed (Content-Encoding: gzip)");
  EXPECT_EQ(answer_status(node.port()), 200);
}

// A Content-Length that is not a number of bytes is refused before the body is read.
TEST_F(TransportLimitsTest, AContentLengthThatIsNoNumberIsRefused) {
  testing::ServingNode node(config(), dir_.str());
  auto alice = testing::federation_client(world(), node.port(), "alice");
  const std::string body = testing::with_fresh_nonce(kCount).dump();
  auto res = alice->Post("/query/count", {{"Content-Length", fmt::format("{}abc", body.size())}}, body, "application/json");
  expect_refused_unread(res, 400, "bad_content_length", "Content-Length is not a number of bytes");
  EXPECT_EQ(answer_status(node.port()), 200);
}

// A TCP connection from `address` to 127.0.0.1:`port`, or -1.
int connect_from(const char* address, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  ::inet_pton(AF_INET, address, &local.sin_addr);
  sockaddr_in remote{};
  remote.sin_family = AF_INET;
  remote.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// True once the server has closed `fd` (end of stream or reset) before `deadline`; what it
// sent first (a TLS alert) is skipped.
bool closed_by_server(int fd, steady_clock::time_point deadline) {
  char buffer[256];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - steady_clock::now()).count();
    if (left <= 0) return false;
    timeval tv{static_cast<time_t>(left / 1'000'000), static_cast<suseconds_t>(left % 1'000'000)};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n == 0) return true;
    if (n < 0) return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
  }
}

// Forty connections from 127.0.0.2 send the first bytes of a TLS ClientHello one per
// second, each byte renewing the per-read timeout. They held every worker thread, and an
// honest researcher's handshake from 127.0.0.1 timed out.
TEST_F(TransportLimitsTest, SlowHandshakesNeitherStarveOthersNorOutliveTheDeadline) {
  testing::ServingNode node(config("handshake_timeout_seconds = 2\n"), dir_.str());
  std::vector<int> slow;
  for (int i = 0; i < 40; ++i) {
    const int fd = connect_from("127.0.0.2", node.port());
    ASSERT_GE(fd, 0);
    slow.push_back(fd);
  }
  const auto connected = steady_clock::now();
  const unsigned char hello[] = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03};
  std::atomic<bool> trickling{true};
  std::thread trickle([&] {
    for (std::size_t i = 0; i < sizeof hello && trickling; ++i) {
      for (int fd : slow) (void)::send(fd, &hello[i], 1, MSG_NOSIGNAL);
      std::this_thread::sleep_for(std::chrono::milliseconds(1000));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  const auto started = steady_clock::now();
  EXPECT_EQ(answer_status(node.port()), 200);
  EXPECT_LT(steady_clock::now() - started, std::chrono::seconds(2));

  // Every slow connection is closed by the deadline (2 s after its handshake began), or at
  // once when over the per-address cap (32): none is still open 4 s after they connected.
  int cut = 0;
  for (int fd : slow) cut += closed_by_server(fd, connected + std::chrono::seconds(4)) ? 1 : 0;
  EXPECT_EQ(cut, 40);
  trickling = false;
  trickle.join();
  for (int fd : slow) ::close(fd);
}

}  // namespace
}  // namespace oncoshare::node
