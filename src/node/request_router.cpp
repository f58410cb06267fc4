#include "node/request_router.hpp"

#include <fmt/format.h>
#include <httplib.h>

#include <ctime>
#include <iostream>

#include "core/json_text.hpp"
#include "core/sodium.hpp"
#include "node/detail/body_limits.hpp"
#include "node/detail/node_state.hpp"

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

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

// What a request that hit a bug gets: a fixed text, whatever the exception said.
Reply internal_error() { return Reply::refuse({500, "internal_error", "internal error: the request was not answered"}); }

}  // namespace

struct RequestRouter::State {
  detail::NodeState node;
  PeerSource peer_of;

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

  // The replay guard's verdict on a POST body carrying nonce and timestamp.
  std::optional<Reply> check_replay(const Call& call) {
    const auto& body = call.body;
    if (!body.contains("nonce") || !body["nonce"].is_string() || !body.contains("timestamp") ||
        !body["timestamp"].is_number_integer()) {
      return Reply::bad_request("request must carry \"nonce\" (string) and \"timestamp\" (Unix seconds)",
                                "missing_nonce");
    }
    auto admitted = node.guard->admit(researcher_identity(call.peer), body["nonce"].get<std::string>(),
                                      body["timestamp"].get<std::int64_t>());
    if (admitted) return std::nullopt;
    if (admitted.error().code == core::ErrorCode::io) {
      std::cerr << "oncoshare node: replay store write failed: " << admitted.error().to_string() << '\n';
      return internal_error();
    }
    return Reply::refuse({409, "replay_rejected", admitted.error().message});
  }

  Reply run(const Endpoint& endpoint, const httplib::Request& req, Call& call, nlohmann::json& params) {
    auto peer = peer_of(req);
    if (!peer) return Reply::refuse({403, "bad_certificate", peer.error().message});
    call.peer = *peer;
    call.host = req.get_header_value("Host");
    if (req.method == "POST") {
      auto body = core::parse_json(req.body, {"request body"});
      if (!body) {
        params = req.body;  // digest of the raw text
        return Reply::bad_request(body.error().to_string(), "malformed_json");
      }
      call.body = std::move(*body);
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
      if (auto refused = check_replay(call)) return std::move(*refused);
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

  void install(httplib::Server& http) {
    auto route = [&](const std::string& path, Endpoint endpoint, bool get, bool post) {
      auto shared = std::make_shared<Endpoint>(std::move(endpoint));
      auto handler = [this, shared](const httplib::Request& req, httplib::Response& res) { dispatch(*shared, req, res); };
      if (get) http.Get(path, handler);
      if (post) http.Post(path, handler);
    };
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
    // Before the body is read: only a body whose size on the wire is its size is read.
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      const auto refusal = detail::refuse_unbounded_body(req, node.config.max_request_bytes);
      if (!refusal) return httplib::Server::HandlerResponse::Unhandled;
      send_json(res, refusal->status, {{"error", refusal->error}, {"reason", refusal->reason}});
      return httplib::Server::HandlerResponse::Handled;
    });
    http.set_payload_max_length(node.config.max_request_bytes);
    http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
      if (!res.body.empty()) return;
      std::string reason = res.status == 413 ? "request body too large" :
                           res.status == 404 ? "no such endpoint" : fmt::format("HTTP {}", res.status);
      send_json(res, res.status, {{"error", res.status == 413 ? "payload_too_large" : "http_error"}, {"reason", reason}});
    });
    // Exceptions escaping dispatch (a bug): httplib would copy their text into a response header.
    http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
      const Reply reply = internal_error();
      send_json(res, reply.status, reply.body);
    });
    http.set_logger([this](const httplib::Request& req, const httplib::Response& res) { log(req, res); });
  }
};

RequestRouter::RequestRouter(std::unique_ptr<State> state) : state_(std::move(state)) {}

RequestRouter::~RequestRouter() {
  if (state_ && state_->node.audit) (void)state_->node.audit->close();  // the signed closing seal
}

core::Result<std::unique_ptr<RequestRouter>> RequestRouter::create(NodeConfig config) {
  core::ensure_sodium();  // the handlers draw request ids and DKG box keys
  auto state = std::make_unique<State>();
  ONCOSHARE_TRY(detail::load_node_state(state->node, std::move(config)));
  return std::unique_ptr<RequestRouter>(new RequestRouter(std::move(state)));
}

void RequestRouter::install(httplib::Server& server, PeerSource peer_of) {
  state_->peer_of = std::move(peer_of);
  state_->install(server);
}

const NodeConfig& RequestRouter::config() const { return state_->node.config; }

std::size_t RequestRouter::precomputed_encryptions() const {
  std::lock_guard lock(state_->node.secure_mutex);
  return state_->node.encryptions ? state_->node.encryptions->available() : 0;
}

}  // namespace oncoshare::node
