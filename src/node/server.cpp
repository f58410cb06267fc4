#include "node/server.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <openssl/ssl.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <iostream>

#include "node/detail/node_state.hpp"
#include "node/detail/openssl.hpp"

namespace oncoshare::node {

using detail::Call;
using detail::Reply;

namespace {

using Handler = std::function<Reply(detail::NodeState&, const Call&)>;

struct Endpoint {
  std::string name;  // audit request_type
  Audience audience = Audience::researcher;
  bool replay_protected = true;  // body must carry nonce + timestamp
  Handler handler;
  bool beacon = false;  // refusals leave as Beacon v2 error responses
};

// Set by dispatch() when it wrote the audit entry, so the logger audits only what never
// reached a handler (413, 404, ...). Logger and handler run on the same worker thread.
thread_local bool request_audited = false;

core::Result<PeerIdentity> peer_of(const httplib::Request& req) {
  if (req.ssl == nullptr) return core::fail(core::Error{core::ErrorCode::check_failed, "no TLS session"});
  detail::X509Ptr cert(SSL_get1_peer_certificate(req.ssl));
  if (!cert) return core::fail(core::Error{core::ErrorCode::check_failed, "no client certificate"});
  return peer_identity(cert.get());
}

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

// What a request that hit a bug gets: a fixed text, whatever the exception said.
Reply internal_error() { return Reply::refuse({500, "internal_error", "internal error: the request was not answered"}); }

}  // namespace

struct NodeServer::State {
  detail::NodeState node;
  std::unique_ptr<httplib::SSLServer> http;
  int port = 0;

  // False when the entry could not be written: the answer must then not leave.
  [[nodiscard]] bool audit(const std::string& who, const std::string& type, const nlohmann::json& params,
                           const Reply& reply) {
    AuditEntry entry;
    entry.who = who;
    entry.request_type = type;
    entry.parameters_sha256 = parameters_digest(params);
    entry.allowed = reply.status < 300;
    entry.reason = reply.note;
    entry.result_size = reply.result_size;
    if (auto done = node.audit->append(entry); !done) {
      std::cerr << "oncoshare node: audit log write failed: " << done.error().message << '\n';
      return false;
    }
    return true;
  }

  void dispatch(const Endpoint& endpoint, const httplib::Request& req, httplib::Response& res) {
    request_audited = true;
    Call call;
    nlohmann::json params = nlohmann::json::object();
    Reply reply = run(endpoint, req, call, params);
    if (reply.note.empty() && reply.status >= 300 && reply.body.contains("reason")) {
      reply.note = reply.body["reason"].get<std::string>();
    }
    if (endpoint.beacon && reply.status >= 300) reply.body = detail::beacon_error(node, call, reply);
    if (!audit(call.peer.subject.empty() ? "unknown" : call.peer.subject, endpoint.name, params, reply)) {
      reply = detail::audit_unavailable();
    }
    send_json(res, reply.status, reply.body);
  }

  Reply run(const Endpoint& endpoint, const httplib::Request& req, Call& call, nlohmann::json& params) {
    auto peer = peer_of(req);
    if (!peer) return Reply::refuse({403, "bad_certificate", peer.error().message});
    call.peer = *peer;
    call.host = req.get_header_value("Host");
    if (req.method == "POST") {
      call.body = nlohmann::json::parse(req.body, nullptr, false);
      if (call.body.is_discarded()) {
        params = req.body;  // digest of the raw text
        return Reply::bad_request("malformed JSON in request body", "malformed_json");
      }
      if (!call.body.is_object()) {
        params = req.body;
        return Reply::bad_request("request body must be a JSON object", "malformed_json");
      }
    } else {
      call.body = nlohmann::json::object();
      for (const auto& [key, value] : req.params) call.body[key] = value;
    }
    params = call.body;
    if (auto refusal = check_role(call.peer, endpoint.audience)) return Reply::refuse(*refusal);
    if (endpoint.replay_protected && req.method == "POST") {
      const auto& body = call.body;
      if (!body.contains("nonce") || !body["nonce"].is_string() || !body.contains("timestamp") ||
          !body["timestamp"].is_number_integer()) {
        return Reply::bad_request("request must carry \"nonce\" (string) and \"timestamp\" (Unix seconds)",
                                  "missing_nonce");
      }
      auto admitted = node.guard->admit(body["nonce"].get<std::string>(), body["timestamp"].get<std::int64_t>());
      if (!admitted) return Reply::refuse({409, "replay_rejected", admitted.error().message});
    }
    try {
      return endpoint.handler(node, call);
    } catch (const nlohmann::json::exception& e) {
      // A field of the wrong JSON type deep inside a handler.
      return Reply::bad_request(fmt::format("invalid request field: {}", e.what()));
    } catch (const std::exception& e) {
      // Any other exception is a bug; its text could hold anything the handler read, so it
      // stays on the site's console and the researcher and the audit log get a fixed reason.
      std::cerr << fmt::format("oncoshare node: internal error in {}: {}\n", endpoint.name, e.what());
      return internal_error();
    }
  }

  void route(const std::string& path, Endpoint endpoint, bool get, bool post) {
    auto shared = std::make_shared<Endpoint>(std::move(endpoint));
    auto handler = [this, shared](const httplib::Request& req, httplib::Response& res) { dispatch(*shared, req, res); };
    if (get) http->Get(path, handler);
    if (post) http->Post(path, handler);
  }

  void log(const httplib::Request& req, const httplib::Response& res) {
    auto peer = peer_of(req);
    std::string who = peer ? peer->subject : "unknown";
    if (!request_audited) {
      Reply reply;
      reply.status = res.status;
      reply.note = fmt::format("refused before routing: HTTP {}", res.status);
      // Refused before routing: nothing to withhold when this entry cannot be written.
      (void)audit(who, fmt::format("{} {}", req.method, req.path), nlohmann::json::object(), reply);
    }
    request_audited = false;
    std::time_t now = std::time(nullptr);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    std::cerr << fmt::format("{} {} {} {} {} {}B\n", stamp, who, req.method, req.path, res.status, res.body.size());
  }

  void install_routes() {
    using detail::handle_query;
    for (std::string type : {"count", "crosstab", "histogram", "km"}) {
      route("/query/" + type, {type, Audience::researcher, true,
                               [type](detail::NodeState& s, const Call& c) { return handle_query(s, c, type); }},
            false, true);
    }
    for (std::string step : {"start", "deal", "receive", "finish", "confirm"}) {
      route("/secure/dkg/" + step, {"dkg_" + step, Audience::node, true,
                                    [step](detail::NodeState& s, const Call& c) { return detail::handle_dkg(s, c, step); }},
            false, true);
    }
    route("/secure/partial", {"partial", Audience::researcher, true, detail::handle_partial}, false, true);
    route("/secure/partial/proof", {"partial_proof", Audience::researcher, true, detail::handle_partial_proof}, false, true);
    for (std::string step : {"advertise", "share", "mask", "unmask"}) {
      route("/model/round/" + step,
            {"model_" + step, Audience::researcher, true,
             [step](detail::NodeState& s, const Call& c) { return detail::handle_model_round(s, c, step); }},
            false, true);
    }
    route("/catalog", {"catalog", Audience::any, false, detail::handle_catalog}, true, false);
    route("/audit/head", {"audit_head", Audience::any, false, detail::handle_audit_head}, true, false);
    for (std::string name : {"info", "map", "filtering_terms"}) {
      route("/api/" + name, {"beacon_" + name, Audience::any, false,
                             [name](detail::NodeState& s, const Call& c) { return detail::handle_beacon(s, c, name); }, true},
            true, true);
    }
    route("/api/individuals", {"beacon_individuals", Audience::researcher, false,
                               [](detail::NodeState& s, const Call& c) { return detail::handle_beacon(s, c, "individuals"); }, true},
          true, true);
    http->set_error_handler([](const httplib::Request&, httplib::Response& res) {
      if (!res.body.empty()) return;
      std::string reason = res.status == 413 ? "request body too large" :
                           res.status == 404 ? "no such endpoint" : fmt::format("HTTP {}", res.status);
      send_json(res, res.status, {{"error", res.status == 413 ? "payload_too_large" : "http_error"}, {"reason", reason}});
    });
    // Exceptions escaping dispatch (a bug): httplib would copy their text into a response header.
    http->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
      const Reply reply = internal_error();
      send_json(res, reply.status, reply.body);
    });
    http->set_logger([this](const httplib::Request& req, const httplib::Response& res) { log(req, res); });
  }
};

NodeServer::NodeServer(std::unique_ptr<State> state) : state_(std::move(state)) {}
NodeServer::~NodeServer() {
  stop();
  if (state_ && state_->node.audit) (void)state_->node.audit->close();  // the signed closing seal
}

core::Result<std::unique_ptr<NodeServer>> NodeServer::create(NodeConfig config) {
  auto state = std::make_unique<State>();
  auto& node = state->node;
  node.config = std::move(config);
  const NodeConfig& c = node.config;
  node.guard.emplace(RequestGuardOptions{std::chrono::seconds(c.request_window_seconds)});
  for (std::size_t i = 0; i < c.datasets.size(); ++i) {
    const auto& dataset = c.datasets[i];
    auto consent = parse_consent(dataset.consent);
    if (!consent) {
      return core::fail(core::bad_input(fmt::format("datasets[{}].consent: {}", i, consent.error().message),
                                        {c.path, 0, 0, fmt::format("datasets[{}].consent", i)}));
    }
    node.consents.emplace(dataset.id, *consent);
    auto loaded = load_dataset(dataset, c.store);
    if (!loaded) return core::fail(loaded.error());
    node.datasets.push_back(std::move(*loaded));
  }
  auto audit = AuditLog::open(c.audit_log, c.tls_key);
  if (!audit) return core::fail(audit.error());
  node.audit.emplace(std::move(*audit));
  auto ledger = DpLedger::open(c.dp_ledger, kMicroPerEpsilon);
  if (!ledger) return core::fail(ledger.error());
  node.ledger.emplace(std::move(*ledger));
  auto roster = Roster::load(c.roster, c.tls_ca, c.path);
  if (!roster) return core::fail(roster.error());
  node.roster = std::move(*roster);
  auto own_pem = detail::read_text_file(c.tls_cert);
  if (!own_pem) return core::fail(own_pem.error());
  auto own_cert = detail::parse_certificate(*own_pem, c.tls_cert);
  if (!own_cert) return core::fail(own_cert.error());
  node.certificate_pem = detail::certificate_pem(own_cert->get());
  if (!node.roster.empty() && node.roster.fingerprint(c.name) != detail::certificate_fingerprint(own_cert->get())) {
    return core::fail(core::bad_input(fmt::format("the roster's certificate for '{}' is not this node's ({})", c.name,
                                                  c.tls_cert), {c.path, 0, 0, "roster"}));
  }
  auto signer = StatementSigner::open(c.tls_key);
  if (!signer) return core::fail(signer.error());
  node.signer.emplace(std::move(*signer));
  if (std::filesystem::exists(c.key_share)) {
    auto share = detail::load_key_share(c.key_share);
    if (!share) return core::fail(share.error());
    node.hold_key_share(std::move(*share));
  }

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
    return true;
  });
  if (!state->http->is_valid()) {
    return core::fail(core::bad_input(tls_error.empty() ? "cannot set up TLS" : tls_error, {c.path, 0, 0, "tls"}));
  }
  state->http->set_payload_max_length(c.max_request_bytes);
  state->http->set_read_timeout(10, 0);
  // Answers are written in one piece: Nagle's algorithm would hold the last segment until
  // the client's delayed ACK (40 ms per request on a kept-alive connection).
  state->http->set_tcp_nodelay(true);
  state->http->set_write_timeout(10, 0);
  state->install_routes();
  return std::unique_ptr<NodeServer>(new NodeServer(std::move(state)));
}

core::Result<int> NodeServer::bind() {
  const auto& c = state_->node.config;
  int port = c.port == 0 ? state_->http->bind_to_any_port(c.host)
                         : (state_->http->bind_to_port(c.host, c.port) ? c.port : -1);
  if (port <= 0) {
    return core::fail(core::io_error(fmt::format("cannot listen on {}:{}", c.host, c.port), {c.path, 0, 0, "node.listen"}));
  }
  state_->port = port;
  return port;
}

core::Status NodeServer::serve() {
  if (!state_->http->listen_after_bind()) {
    return core::io_error("the server stopped with an error", {state_->node.config.path});
  }
  return {};
}

std::size_t NodeServer::precomputed_encryptions() const {
  std::lock_guard lock(state_->node.secure_mutex);
  return state_->node.encryptions ? state_->node.encryptions->available() : 0;
}

void NodeServer::stop() {
  if (state_ && state_->http) state_->http->stop();
}

}  // namespace oncoshare::node
