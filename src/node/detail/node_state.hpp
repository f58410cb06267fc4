// Internal: what the request handlers of the node server share, and their signatures.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "node/advertisement.hpp"
#include "node/audit_log.hpp"
#include "node/config.hpp"
#include "node/detail/base64.hpp"
#include "node/dkg_statement.hpp"
#include "node/dp_ledger.hpp"
#include "node/duo.hpp"
#include "node/pki.hpp"
#include "node/policy.hpp"
#include "node/request_guard.hpp"
#include "node/roster.hpp"
#include "node/store.hpp"
#include "secure/secagg.hpp"
#include "secure/secure.hpp"

namespace oncoshare::node::detail {

// An encrypted answer this node released, kept so /secure/partial can check that its own
// signed contribution is part of the aggregate it is asked to help decrypt, unchanged, next
// to contributions answering the same query; then the aggregate and the decrypting set of
// round 1, which /secure/partial/proof proves against.
struct Release {
  std::string dataset;
  std::string researcher;
  std::string query_digest;
  SignedStatement statement;                // what this node signed (binds its first components by digest)
  std::string opened;                       // the contribution set of the one opening ("" before)
  std::vector<secure::Point> aggregate_c1;  // Σ C1 of the aggregate, once round 1 ran
  std::vector<std::uint32_t> decryptors;
};

// An ongoing distributed key generation (one at a time). The key share it yields waits
// here from /finish until every node confirmed the same transcript and key (/confirm).
struct DkgSession {
  DkgHeader header;  // session, participants, threshold and this node's index
  std::optional<secure::DkgParticipant> participant;
  std::array<unsigned char, 32> box_public{};
  std::array<unsigned char, 32> box_secret{};  // wiped when the session ends
  SignedStatement start;                       // what this node signed at /start
  std::map<std::uint32_t, secure::DkgCommitments> received;  // what each dealer's share was checked against
  std::string transcript;                      // dkg_transcript_digest, from /finish
  std::optional<secure::KeyShare> share;       // from /finish, stored at /confirm
  ~DkgSession();
};

// This node's side of one secure aggregation of a model round: its answer waits here,
// unmasked, until the masking round.
struct ModelSession {
  RoundContext round;  // what every participant's advertisement must state
  std::int64_t min_contributors = 0;  // of the dataset: fewer verified participants or survivors are refused
  secure::SecAggParticipant participant;
  std::vector<double> answer;
};

// A model round is its researcher's: (researcher CN, aggregation id).
using ModelKey = std::pair<std::string, std::string>;

struct NodeState {
  NodeConfig config;
  std::vector<std::unique_ptr<Dataset>> datasets;
  std::map<std::string, Consent> consents;  // by dataset id
  DiseaseTree diseases = DiseaseTree::builtin();
  std::optional<AuditLog> audit;
  std::optional<DpLedger> ledger;
  std::optional<RequestGuard> guard;
  Roster roster;                      // the federation's nodes (empty: answers in clear only)
  std::optional<StatementSigner> signer;  // this node's certificate key
  std::string certificate_pem;        // this node's certificate, published in the catalog

  std::mutex secure_mutex;  // guards everything below
  std::optional<secure::KeyShare> key_share;
  std::unique_ptr<secure::EncryptionPool> encryptions;  // under key_share's collective key
  std::unique_ptr<DkgSession> dkg;
  std::map<std::string, Release> releases;  // by query_id (never reused), bounded (oldest dropped)
  std::vector<std::string> release_order;
  std::map<ModelKey, ModelSession> model_sessions;  // bounded; an id is held by one researcher at a time
  std::vector<ModelKey> model_order;

  [[nodiscard]] const Dataset* dataset(std::string_view id) const;
  // Takes the key share (loaded or just generated) and starts precomputing encryptions
  // under its collective key (config.encryption_pool of them).
  void hold_key_share(secure::KeyShare share);
};

// Fills `state` from `config`: every dataset loaded, the audit log (signed with the TLS
// key), DP ledger and replay store opened, the roster checked against this node's
// certificate, the key share held if its file exists. Errors name the file (node_state_load.cpp).
[[nodiscard]] core::Status load_node_state(NodeState& state, NodeConfig config);

// One authenticated request after parsing.
struct Call {
  PeerIdentity peer;
  nlohmann::json body;  // object (POST) or built from query parameters (GET)
  std::string host;     // the request's Host header, for absolute URLs in answers (Beacon map)
};

// What a handler decided; the server turns it into the HTTP response and the audit entry.
struct Reply {
  int status = 200;
  nlohmann::json body;
  std::string note;             // audit reason (refusal reason, or what was released)
  std::uint64_t result_size = 0;  // cells released

  [[nodiscard]] static Reply refuse(const Refusal& refusal);
  [[nodiscard]] static Reply bad_request(const std::string& reason, std::string error = "bad_request");
};

// Handlers (api_query.cpp, api_secure.cpp, beacon.cpp, catalog.cpp).
[[nodiscard]] Reply handle_query(NodeState& state, const Call& call, std::string_view type);
[[nodiscard]] Reply handle_dkg(NodeState& state, const Call& call, std::string_view step);
[[nodiscard]] Reply handle_partial(NodeState& state, const Call& call);
[[nodiscard]] Reply handle_partial_proof(NodeState& state, const Call& call);
[[nodiscard]] Reply handle_model_round(NodeState& state, const Call& call, std::string_view step);
[[nodiscard]] Reply handle_catalog(NodeState& state, const Call& call);
[[nodiscard]] Reply handle_beacon(NodeState& state, const Call& call, std::string_view endpoint);
// A refusal on a Beacon endpoint as the body of a Beacon v2 error response: meta and
// {errorCode: HTTP status, errorMessage: "<node error code>: <reason>"} (beacon.cpp).
[[nodiscard]] nlohmann::json beacon_error(const NodeState& state, const Call& call, const Reply& refusal);

// GET /audit/head: signs the chain head now and returns the latest signed line (api_audit.cpp).
[[nodiscard]] Reply handle_audit_head(NodeState& state, const Call& call);
// What replaces an answer whose audit entry could not be written: no data, a fixed reason.
[[nodiscard]] Reply audit_unavailable();

// Key share file (JSON, 0600): index, secret (base64) and the collective key.
[[nodiscard]] core::Status save_key_share(const std::string& path, const secure::KeyShare& share);
[[nodiscard]] core::Result<secure::KeyShare> load_key_share(const std::string& path);

// body[key] as JSON text ("null" when absent), for the strict secure/ parsers.
[[nodiscard]] std::string dump(const nlohmann::json& body, const char* key);
// A 400 bad_secure_message reply carrying a secure/ parser's or protocol's error.
[[nodiscard]] Reply failure(const core::Error& error);

// The value of body[key] as a string, or a 400 reply naming the key.
[[nodiscard]] std::optional<Reply> require_string(const nlohmann::json& body, const char* key, std::string& out);

}  // namespace oncoshare::node::detail
