// Threshold-key endpoints: /secure/dkg/{start,deal,receive,finish,confirm} run this node's
// side of the distributed key generation with a relay (a node-role certificate) carrying
// the messages. Every message this node sends is signed (node/dkg_statement.hpp) and every
// message it takes must be signed by the roster node the participant list names: shares are
// sealed only to box keys their owner signed, so a relay never reads one, and the key share
// is stored only once every node confirmed the same transcript and collective key. An
// existing key share is replaced only when the operator allows it (replace_key_share).
#include <fmt/format.h>
#include <sodium.h>

#include <filesystem>
#include <set>

#include "node/detail/node_state.hpp"
#include "secure/codec.hpp"

namespace oncoshare::node::detail {

namespace {

using nlohmann::json;

// A check of a signed message that failed: names the node and what failed.
Reply refused(const core::Error& error) { return Reply::refuse({403, "bad_dkg_message", error.message}); }

// body[key], or null.
const json& field(const json& body, const char* key) {
  static const json null;
  return body.contains(key) ? body[key] : null;
}

DkgVerifier roster_verifier(const NodeState& state) {
  return [&state](std::string_view name, const SignedStatement& statement) { return state.roster.verify(name, statement); };
}

bool holds_key_share(const NodeState& state) {
  return state.key_share.has_value() || std::filesystem::exists(state.config.key_share);
}

// A node never silently loses its key share: replacing it is the operator's decision.
std::optional<Reply> refuse_replacement(const NodeState& state) {
  if (!holds_key_share(state) || state.config.replace_key_share) return std::nullopt;
  return Reply::refuse({409, "key_share_exists",
                        "this node already holds a key share; set replace_key_share = true in node.toml ([node]) "
                        "to let a new key generation replace it"});
}

core::Result<std::uint32_t> index_field(const json& body, const char* key) {
  if (!body.contains(key) || !body[key].is_number_unsigned() || body[key].get<std::uint64_t>() == 0 ||
      body[key].get<std::uint64_t>() > secure::kMaxParticipants) {
    return core::fail(core::bad_input(fmt::format("field '{}': expected an integer 1..{}", key, secure::kMaxParticipants)));
  }
  return static_cast<std::uint32_t>(body[key].get<std::uint64_t>());
}

core::Error not_allowed(std::string message) { return core::Error{core::ErrorCode::check_failed, std::move(message), {}}; }

// The key generation /start describes, checked against the roster and this node's name.
// Malformed fields are bad_input, participants this node will not work with check_failed.
core::Result<DkgHeader> read_participants(const NodeState& state, const json& body, const std::string& session) {
  const json& names = field(body, "participants");
  if (!names.is_array() || names.empty() || names.size() > secure::kMaxParticipants) {
    return core::fail(core::bad_input(fmt::format("field 'participants': expected 1..{} node names", secure::kMaxParticipants)));
  }
  DkgHeader header;
  header.session = session;
  std::set<std::string> seen;
  for (const json& name : names) {
    if (!name.is_string()) return core::fail(core::bad_input("field 'participants': expected node names"));
    header.participants.push_back(name.get<std::string>());
    const std::string& added = header.participants.back();
    if (!state.roster.contains(added)) return core::fail(not_allowed(fmt::format("'{}' is not on this node's roster", added)));
    if (!seen.insert(added).second) {
      return core::fail(not_allowed(fmt::format("node '{}' is listed twice among the participants", added)));
    }
  }
  auto threshold = index_field(body, "threshold");
  if (!threshold) return core::fail(threshold.error());
  auto index = index_field(body, "index");
  if (!index) return core::fail(index.error());
  header.threshold = *threshold;
  ONCOSHARE_TRY(secure::validate(header.params()));
  if (*index > header.participants.size()) {
    return core::fail(core::bad_input(fmt::format("field 'index': {} is not a participant index (1..{})", *index,
                                                  header.participants.size())));
  }
  header.index = *index;
  if (header.name() != state.config.name) {
    return core::fail(not_allowed(fmt::format("this node is '{}', but the participants name '{}' at index {}",
                                              state.config.name, header.name(), header.index)));
  }
  return header;
}

// `body` with this node's signature of `text` as body[key] = {statement, signature}.
Reply signed_reply(const NodeState& state, std::string text, json body, const char* key = "statement") {
  auto statement = state.signer->sign(std::move(text));
  if (!statement) return Reply::refuse({500, "signing_failed", statement.error().message});
  body[key] = to_json(*statement);
  Reply reply;
  reply.body = std::move(body);
  return reply;
}

Reply dkg_start(NodeState& state, const json& body, const std::string& session) {
  if (state.roster.empty()) {
    return Reply::refuse({409, "no_roster", "this node has no federation roster ([[roster]] in node.toml): "
                                            "it cannot take part in a key generation"});
  }
  if (auto refusal = refuse_replacement(state)) return *refusal;
  if (state.dkg && state.dkg->header.session == session) {
    return Reply::refuse({409, "dkg_session_exists", fmt::format("DKG session '{}' was already started on this node", session)});
  }
  auto header = read_participants(state, body, session);
  if (!header) {
    return header.error().code == core::ErrorCode::check_failed ? Reply::refuse({403, "bad_participants", header.error().message})
                                                                : Reply::bad_request(header.error().message);
  }
  auto participant = secure::DkgParticipant::create(header->params(), header->index);
  if (!participant) return failure(participant.error());
  auto dkg = std::make_unique<DkgSession>();
  dkg->header = *header;
  dkg->participant.emplace(std::move(*participant));
  crypto_box_keypair(dkg->box_public.data(), dkg->box_secret.data());
  const std::string_view box_key(reinterpret_cast<const char*>(dkg->box_public.data()), dkg->box_public.size());
  Reply reply = signed_reply(state, dkg_start_text(dkg->header, dkg->participant->commitments(), box_key),
                             {{"session", session}, {"index", header->index}});
  if (reply.status != 200) return reply;
  dkg->start = {reply.body["statement"]["statement"], reply.body["statement"]["signature"]};
  reply.note = fmt::format("dkg session {} started: {}-of-{}, index {}", session, header->threshold,
                           header->participants.size(), header->index);
  state.dkg = std::move(dkg);
  return reply;
}

// Seals this node's share for the recipient to the box key the recipient signed.
Reply dkg_deal(NodeState& state, const json& body) {
  DkgSession& dkg = *state.dkg;
  auto recipient = read_dkg_statement(field(body, "recipient"), DkgStep::start, dkg.header, 0, roster_verifier(state));
  if (!recipient) return refused(recipient.error());
  auto share = dkg.participant->deal(recipient->header.index);
  if (!share) return failure(share.error());
  std::string plain = secure::serialize(*share);
  std::string sealed(plain.size() + crypto_box_SEALBYTES, '\0');
  crypto_box_seal(reinterpret_cast<unsigned char*>(sealed.data()), reinterpret_cast<const unsigned char*>(plain.data()),
                  plain.size(), reinterpret_cast<const unsigned char*>(recipient->box_key.data()));
  sodium_memzero(plain.data(), plain.size());
  Reply reply = signed_reply(state, dkg_sealed_text(dkg.header, recipient->header.index, sealed),
                             {{"session", dkg.header.session}, {"dealer", dkg.header.index},
                              {"recipient", recipient->header.index},
                              {"sealed", base64(reinterpret_cast<const unsigned char*>(sealed.data()), sealed.size())}});
  reply.note = fmt::format("dkg share dealt to '{}'", recipient->header.name());
  return reply;
}

// Opens a share the dealer signed, sealed to this node's box key, and checks it against the
// commitments of the dealer's signed start statement.
Reply dkg_receive(NodeState& state, const json& body) {
  DkgSession& dkg = *state.dkg;
  const DkgVerifier verify = roster_verifier(state);
  auto dealer = read_dkg_statement(field(body, "dealer"), DkgStep::start, dkg.header, 0, verify);
  if (!dealer) return refused(dealer.error());
  auto claim = read_dkg_statement(field(body, "sealed_statement"), DkgStep::sealed, dkg.header, dealer->header.index, verify);
  if (!claim) return refused(claim.error());
  std::string sealed_text;
  if (auto bad = require_string(body, "sealed", sealed_text)) return *bad;
  if (auto same = check_sealed(*claim, dkg.header.index, sealed_text); !same) return refused(same.error());
  auto sealed = unbase64(sealed_text, "sealed");
  if (!sealed || sealed->size() <= crypto_box_SEALBYTES) return Reply::bad_request("field 'sealed': not a sealed box");
  const std::string& from = dealer->header.name();
  std::string plain(sealed->size() - crypto_box_SEALBYTES, '\0');
  if (crypto_box_seal_open(reinterpret_cast<unsigned char*>(plain.data()),
                           reinterpret_cast<const unsigned char*>(sealed->data()), sealed->size(),
                           dkg.box_public.data(), dkg.box_secret.data()) != 0) {
    return Reply::bad_request("field 'sealed': cannot be opened with this session's key", "bad_secure_message");
  }
  auto share = secure::parse_dkg_share(plain);
  sodium_memzero(plain.data(), plain.size());
  if (!share) return failure(share.error());
  auto complaint = dkg.participant->receive(dealer->commitments, std::move(*share));
  if (!complaint) return failure(complaint.error());
  dkg.received.insert_or_assign(dealer->header.index, dealer->commitments);
  if (!*complaint) {
    Reply reply;
    reply.body = {{"session", dkg.header.session}, {"complaint", nullptr}};
    reply.note = fmt::format("dkg share from '{}' verified", from);
    return reply;
  }
  Reply reply = signed_reply(state, dkg_complaint_text(dkg.header, dealer->header.index), {{"session", dkg.header.session}},
                             "complaint");
  reply.note = fmt::format("dkg complaint against '{}'", from);
  return reply;
}

// Computes the key share from every node's signed start statement and the signed
// complaints, and signs what it saw (transcript digest) and derived (collective key). The
// share is kept until /confirm.
Reply dkg_finish(NodeState& state, const json& body) {
  DkgSession& dkg = *state.dkg;
  const DkgVerifier verify = roster_verifier(state);
  auto starts = read_dkg_statements(field(body, "starts"), DkgStep::start, dkg.header, verify);
  if (!starts) return refused(starts.error());
  if (!((*starts)[dkg.header.index - 1].signed_statement == dkg.start)) {
    return refused(not_allowed(fmt::format("the start statement of node '{}' is not the one this node signed", dkg.header.name())));
  }
  for (const auto& [dealer, commitments] : dkg.received) {
    if (!((*starts)[dealer - 1].commitments == commitments)) {
      return refused(not_allowed(fmt::format("node '{}' dealt to this node under other commitments than its start statement's",
                                             (*starts)[dealer - 1].header.name())));
    }
  }
  const json& items = field(body, "complaints");
  if (!items.is_array()) return Reply::bad_request("field 'complaints': required array (may be empty)");
  std::vector<DkgStatement> complaints;
  for (const json& item : items) {
    auto complaint = read_dkg_statement(item, DkgStep::complaint, dkg.header, 0, verify);
    if (!complaint) return refused(complaint.error());
    complaints.push_back(std::move(*complaint));
  }
  auto share = dkg.participant->finish(dkg_commitments(*starts), dkg_complaints(complaints));
  if (!share) return failure(share.error());
  const std::string transcript = dkg_transcript_digest(*starts, complaints);
  Reply reply = signed_reply(state, dkg_finish_text(dkg.header, transcript, share->key),
                             {{"session", dkg.header.session},
                              {"collective_key", json::parse(secure::serialize(share->key))}});
  if (reply.status != 200) return reply;
  reply.note = fmt::format("dkg session {} finished: transcript {}; key share {} kept until every node confirms",
                           dkg.header.session, transcript, share->index);
  dkg.transcript = transcript;
  dkg.share.emplace(std::move(*share));
  return reply;
}

// Stores the key share once every node's signed finish statement reports this node's
// transcript and collective key.
Reply dkg_confirm(NodeState& state, const json& body) {
  DkgSession& dkg = *state.dkg;
  if (!dkg.share) {
    return Reply::refuse({409, "dkg_not_finished", fmt::format("DKG session '{}' has not finished on this node: call "
                                                               "/secure/dkg/finish", dkg.header.session)});
  }
  auto finishes = read_dkg_statements(field(body, "finishes"), DkgStep::finish, dkg.header, roster_verifier(state));
  if (!finishes) return refused(finishes.error());
  for (const DkgStatement& finish : *finishes) {
    if (auto same = check_same_result(finish, dkg.transcript, dkg.share->key); !same) return refused(same.error());
  }
  if (auto refusal = refuse_replacement(state)) return *refusal;
  const bool replacing = holds_key_share(state);
  if (auto saved = save_key_share(state.config.key_share, *dkg.share); !saved) {
    return Reply::refuse({500, "key_share_write_failed", saved.error().message});
  }
  if (replacing) {
    fmt::print(stderr, "oncoshare node: key generation {} replaced the key share {} (replace_key_share = true)\n",
               dkg.header.session, state.config.key_share);
  }
  Reply reply;
  reply.body = {{"session", dkg.header.session}, {"collective_key", json::parse(secure::serialize(dkg.share->key))}};
  reply.note = fmt::format("dkg session {} confirmed by all {} nodes: key share {} saved{}", dkg.header.session,
                           dkg.header.participants.size(), dkg.share->index,
                           replacing ? ", replacing the existing key share" : "");
  state.hold_key_share(std::move(*dkg.share));
  state.dkg.reset();
  return reply;
}

}  // namespace

DkgSession::~DkgSession() { sodium_memzero(box_secret.data(), box_secret.size()); }

Reply handle_dkg(NodeState& state, const Call& call, std::string_view step) {
  std::string session;
  if (auto bad = require_string(call.body, "session", session)) return *bad;
  std::lock_guard lock(state.secure_mutex);
  if (step == "start") return dkg_start(state, call.body, session);
  if (!state.dkg || state.dkg->header.session != session) {
    return Reply::refuse({409, "no_dkg_session", fmt::format("no DKG session '{}' on this node: call /secure/dkg/start", session)});
  }
  if (step == "deal") return dkg_deal(state, call.body);
  if (step == "receive") return dkg_receive(state, call.body);
  if (step == "finish") return dkg_finish(state, call.body);
  return dkg_confirm(state, call.body);
}

}  // namespace oncoshare::node::detail
