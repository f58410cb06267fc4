// libFuzzer target for the node's request path, TLS aside: each input is the raw bytes of
// one or more HTTP requests, written to a fresh loopback connection of a plain HTTP server
// that routes through node::RequestRouter as a fixed researcher, and the replies are read
// until the server closes the connection. Any bytes must be answered, never crash, leak or
// hang the node. In an input, "@@@@NOW@@@" becomes the current Unix time and
// "@@@@@@@@NONCE@@@" a fresh nonce (same widths, so Content-Length stays right): seeds then
// get past the replay guard to the handlers.
#include <arpa/inet.h>
#include <fmt/format.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <thread>

#include "node/pki.hpp"
#include "node/request_router.hpp"
#include "synth/synth.hpp"

namespace node = oncoshare::node;

namespace {

[[noreturn]] void give_up(const std::string& what) {
  std::fprintf(stderr, "node_request_fuzz: %s\n", what.c_str());
  std::abort();
}

// A node "site_1" with one synthetic dataset, in a fresh temporary directory.
node::NodeConfig make_node(const std::string& dir) {
  if (!node::init_ca(dir + "/ca", "Fuzz", node::KeyAlgorithm::ed25519)) give_up("cannot make a CA");
  if (!node::issue_certificate(dir + "/ca", {node::Role::node, "site_1"}, dir + "/certs")) give_up("cannot issue");
  oncoshare::synth::SynthOptions synth;
  synth.sites = 1;
  synth.patients = 80;
  synth.defect_rate = 0;
  synth.show_progress = false;
  synth.out = dir + "/data";
  if (!oncoshare::synth::generate(synth)) give_up("cannot make the dataset");
  const std::string text = R"([node]
name = "site_1"
listen = "127.0.0.1:0"
audit_log = "audit.log"
dp_ledger = "ledger.sqlite"
key_share = "key_share.json"
replay_store = ":memory:"
max_request_bytes = 65536

[tls]
cert = "certs/site_1.crt"
key = "certs/site_1.key"
ca = "ca/ca.crt"

[[datasets]]
id = "registry"
dictionary = "data/dictionary.csv"
exports = ["data/site_1.csv"]
consent = "HMB IRB"
[datasets.policy]
min_contributors = 1
min_subset_size = 1
)";
  auto config = node::parse_config(text, dir + "/node.toml", dir);
  if (!config) give_up(config.error().to_string());
  return std::move(*config);
}

// The node serving plain HTTP on a loopback port, for the whole run (never torn down:
// libFuzzer ends the process).
struct Harness {
  std::unique_ptr<node::RequestRouter> router;
  httplib::Server http;
  int port = 0;
  std::thread serving;

  Harness() {
    char pattern[] = "/tmp/oncoshare-node-request-fuzz-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) give_up("cannot make a temporary directory");
    auto created = node::RequestRouter::create(make_node(pattern));
    if (!created) give_up(created.error().to_string());
    router = std::move(*created);
    const node::PeerIdentity alice{node::Role::researcher, "alice", "CN=alice,OU=researcher,O=Fuzz", "CN=Fuzz"};
    router->install(http, [alice](const httplib::Request&) -> oncoshare::core::Result<node::PeerIdentity> { return alice; });
    http.set_read_timeout(2, 0);
    port = http.bind_to_any_port("127.0.0.1");
    if (port <= 0) give_up("cannot listen on 127.0.0.1");
    serving = std::thread([this] { http.listen_after_bind(); });
  }
};

// `input` with its placeholders filled in.
std::string filled(std::string input) {
  static std::uint64_t requests = 0;
  const std::string now = fmt::format("{:010d}", std::time(nullptr) % 10'000'000'000);
  for (auto at = input.find("@@@@NOW@@@"); at != std::string::npos; at = input.find("@@@@NOW@@@", at)) {
    input.replace(at, now.size(), now);
  }
  for (auto at = input.find("@@@@@@@@NONCE@@@"); at != std::string::npos; at = input.find("@@@@@@@@NONCE@@@", at)) {
    input.replace(at, 16, fmt::format("fuzz{:012d}", ++requests));
  }
  return input;
}

// Writes `request` to a new connection to 127.0.0.1:`port`, then reads until the server
// closes it (or 10 s pass: a hang).
void send_and_read(int port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &server.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&server), sizeof server) != 0) give_up("cannot connect");
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  for (std::size_t sent = 0; sent < request.size();) {
    const ssize_t n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may close early (a refusal before the body)
    sent += static_cast<std::size_t>(n);
  }
  ::shutdown(fd, SHUT_WR);
  char reply[4096];
  for (;;) {
    const ssize_t n = ::recv(fd, reply, sizeof reply, 0);
    if (n > 0) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) give_up("the node did not answer within 10 s");
    break;
  }
  ::close(fd);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Harness* harness = new Harness;  // reachable until exit, so never reported as a leak
  send_and_read(harness->port, filled(std::string(reinterpret_cast<const char*>(data), size)));
  return 0;
}
