#include "coordinator/node_client.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <sodium.h>

#include <chrono>
#include <ctime>
#include <thread>

#include "core/json_text.hpp"
#include "core/sodium.hpp"
#include "node/server_identity.hpp"

namespace oncoshare::coordinator {

struct NodeClient::Connection {
  httplib::SSLClient client;
  core::Status ready;  // an error when no request can be sent (client key or CA unreadable)
  Connection(const Federation& federation, const NodeAddress& node)
      : client(node.host, node.port, federation.cert, federation.key) {
    // The server must hold this node's certificate from the federation CA, wherever it is
    // reached: the CN is checked instead of the host name (certificates carry no addresses).
    client.enable_server_certificate_verification(false);
    ready = client.is_valid()
                ? node::require_node_certificate(client.ssl_context(), federation.ca, node.name)
                : core::bad_input(fmt::format("cannot load this client's certificate '{}' with key '{}'",
                                              federation.cert, federation.key));
    client.set_connection_timeout(federation.timeout_seconds, 0);
    client.set_read_timeout(federation.timeout_seconds, 0);
    client.set_write_timeout(federation.timeout_seconds, 0);
    client.set_keep_alive(true);
    client.set_tcp_nodelay(true);  // requests go out in one piece; do not wait for delayed ACKs
  }
};

NodeClient::NodeClient(const Federation& federation, NodeAddress node)
    : node_(std::move(node)), retries_(federation.retries),
      connection_(std::make_unique<Connection>(federation, node_)) {
  core::ensure_sodium();  // requests carry random nonces
}
NodeClient::~NodeClient() = default;
NodeClient::NodeClient(NodeClient&&) noexcept = default;
NodeClient& NodeClient::operator=(NodeClient&&) noexcept = default;

std::string random_id() {
  core::ensure_sodium();
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  char hex[2 * sizeof bytes + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

core::Result<nlohmann::json> NodeClient::get(const std::string& path) { return send("GET", path, {}); }

core::Result<nlohmann::json> NodeClient::post(const std::string& path, nlohmann::json body) {
  body["nonce"] = random_id();
  body["timestamp"] = static_cast<std::int64_t>(std::time(nullptr));
  return send("POST", path, body.dump());
}

core::Result<nlohmann::json> NodeClient::send(const std::string& method, const std::string& path,
                                              const std::string& body) {
  const std::string who = fmt::format("node '{}' ({}:{})", node_.name, node_.host, node_.port);
  if (!connection_->ready) {
    core::Error error = connection_->ready.error();
    error.message = fmt::format("{}: {}", who, error.message);
    return core::fail(error);
  }
  for (int attempt = 0;; ++attempt) {
    auto res = method == "GET" ? connection_->client.Get(path)
                               : connection_->client.Post(path, body, "application/json");
    if (!res) {
      // Not a transport failure: another server holds this address. Retrying cannot help.
      if (std::string refusal = node::take_certificate_refusal(connection_->client.ssl_context()); !refusal.empty()) {
        identity_refused_ = true;
        return core::fail(core::Error{core::ErrorCode::check_failed, fmt::format("{}: {}", who, refusal), {}});
      }
      if (attempt < retries_) {
        std::this_thread::sleep_for(std::chrono::milliseconds(200) * (1 << attempt));
        continue;
      }
      return core::fail(core::io_error(fmt::format("{}: {} {} failed after {} attempt(s): {}", who, method, path,
                                                   attempt + 1, httplib::to_string(res.error()))));
    }
    // A node's answer is untrusted text too: too deep reads as malformed.
    auto answer = core::check_json_depth(res->body, {}) ? nlohmann::json::parse(res->body, nullptr, false)
                                                         : nlohmann::json(nlohmann::json::value_t::discarded);
    if (res->status == 200) {
      if (answer.is_discarded() || !answer.is_object()) {
        return core::fail(core::Error{core::ErrorCode::check_failed,
                                      fmt::format("{}: {} answered with malformed JSON", who, path), {}});
      }
      return answer;
    }
    std::string reason = answer.is_object() ? fmt::format("{}: {}", answer.value("error", "error"),
                                                          answer.value("reason", res->body))
                                            : res->body;
    return core::fail(core::Error{core::ErrorCode::check_failed,
                                  fmt::format("{} refused {}: HTTP {} {}", who, path, res->status, reason), {}});
  }
}

}  // namespace oncoshare::coordinator
