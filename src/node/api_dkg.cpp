// Threshold-key endpoints. /secure/dkg/{start,deal,receive,finish} run this node's side of
// the distributed key generation with the coordinator relaying messages; the secret
// shares travel sealed (crypto_box_seal) to a per-session X25519 key of the recipient, so
// the relay never sees them. The key share is kept in node.key_share (0600).
#include <fmt/format.h>
#include <sodium.h>

#include <filesystem>

#include "core/atomic_output.hpp"
#include "node/detail/node_state.hpp"
#include "node/detail/openssl.hpp"
#include "secure/codec.hpp"

namespace oncoshare::node::detail {

namespace {

core::Result<std::uint32_t> index_field(const nlohmann::json& body, const char* key) {
  if (!body.contains(key) || !body[key].is_number_unsigned() || body[key].get<std::uint64_t>() == 0 ||
      body[key].get<std::uint64_t>() > secure::kMaxParticipants) {
    return core::fail(core::bad_input(fmt::format("field '{}': expected an integer 1..{}", key, secure::kMaxParticipants)));
  }
  return static_cast<std::uint32_t>(body[key].get<std::uint64_t>());
}

Reply dkg_start(NodeState& state, const nlohmann::json& body, const std::string& session) {
  auto participants = index_field(body, "participants");
  auto threshold = index_field(body, "threshold");
  auto index = index_field(body, "index");
  if (!participants) return failure(participants.error());
  if (!threshold) return failure(threshold.error());
  if (!index) return failure(index.error());
  secure::DkgParams params{*participants, *threshold};
  auto participant = secure::DkgParticipant::create(params, *index);
  if (!participant) return failure(participant.error());
  auto dkg = std::make_unique<DkgSession>();
  dkg->id = session;
  dkg->params = params;
  dkg->participant.emplace(std::move(*participant));
  crypto_box_keypair(dkg->box_public.data(), dkg->box_secret.data());
  Reply reply;
  reply.body = {{"session", session}, {"index", *index},
                {"commitments", nlohmann::json::parse(secure::serialize(dkg->participant->commitments()))},
                {"box_key", base64(dkg->box_public.data(), dkg->box_public.size())}};
  reply.note = fmt::format("dkg session {} started: {}-of-{}, index {}", session, *threshold, *participants, *index);
  state.dkg = std::move(dkg);
  return reply;
}

Reply dkg_deal(NodeState& state, const nlohmann::json& body) {
  auto recipient = index_field(body, "recipient");
  if (!recipient) return failure(recipient.error());
  std::string box_text;
  if (auto bad = require_string(body, "box_key", box_text)) return *bad;
  auto box_key = unbase64(box_text, "box_key");
  if (!box_key || box_key->size() != crypto_box_PUBLICKEYBYTES) return Reply::bad_request("field 'box_key': expected 32 bytes");
  auto share = state.dkg->participant->deal(*recipient);
  if (!share) return failure(share.error());
  std::string plain = secure::serialize(*share);
  std::string sealed(plain.size() + crypto_box_SEALBYTES, '\0');
  crypto_box_seal(reinterpret_cast<unsigned char*>(sealed.data()), reinterpret_cast<const unsigned char*>(plain.data()),
                  plain.size(), reinterpret_cast<const unsigned char*>(box_key->data()));
  sodium_memzero(plain.data(), plain.size());
  Reply reply;
  reply.body = {{"session", state.dkg->id}, {"dealer", state.dkg->participant->index()}, {"recipient", *recipient},
                {"sealed", base64(reinterpret_cast<const unsigned char*>(sealed.data()), sealed.size())}};
  reply.note = fmt::format("dkg share dealt to {}", *recipient);
  return reply;
}

Reply dkg_receive(NodeState& state, const nlohmann::json& body) {
  std::string sealed_text;
  if (auto bad = require_string(body, "sealed", sealed_text)) return *bad;
  auto sealed = unbase64(sealed_text, "sealed");
  if (!sealed || sealed->size() <= crypto_box_SEALBYTES) return Reply::bad_request("field 'sealed': not a sealed box");
  std::string plain(sealed->size() - crypto_box_SEALBYTES, '\0');
  if (crypto_box_seal_open(reinterpret_cast<unsigned char*>(plain.data()),
                           reinterpret_cast<const unsigned char*>(sealed->data()), sealed->size(),
                           state.dkg->box_public.data(), state.dkg->box_secret.data()) != 0) {
    return Reply::bad_request("field 'sealed': cannot be opened with this session's key", "bad_secure_message");
  }
  auto share = secure::parse_dkg_share(plain);
  sodium_memzero(plain.data(), plain.size());
  if (!share) return failure(share.error());
  auto commitments = secure::parse_dkg_commitments(dump(body, "commitments"));
  if (!commitments) return failure(commitments.error());
  auto complaint = state.dkg->participant->receive(*commitments, std::move(*share));
  if (!complaint) return failure(complaint.error());
  Reply reply;
  reply.body = {{"session", state.dkg->id},
                {"complaint", *complaint ? nlohmann::json::parse(secure::serialize(**complaint)) : nlohmann::json(nullptr)}};
  reply.note = *complaint ? fmt::format("dkg complaint against dealer {}", commitments->dealer)
                          : fmt::format("dkg share from dealer {} verified", commitments->dealer);
  return reply;
}

Reply dkg_finish(NodeState& state, const nlohmann::json& body) {
  std::vector<secure::DkgCommitments> commitments;
  std::vector<secure::DkgComplaint> complaints;
  if (!body.contains("commitments") || !body["commitments"].is_array()) {
    return Reply::bad_request("field 'commitments': required array");
  }
  for (const auto& c : body["commitments"]) {
    auto parsed = secure::parse_dkg_commitments(c.dump());
    if (!parsed) return failure(parsed.error());
    commitments.push_back(std::move(*parsed));
  }
  if (body.contains("complaints") && body["complaints"].is_array()) {
    for (const auto& c : body["complaints"]) {
      auto parsed = secure::parse_dkg_complaint(c.dump());
      if (!parsed) return failure(parsed.error());
      complaints.push_back(*parsed);
    }
  }
  auto share = state.dkg->participant->finish(commitments, complaints);
  if (!share) return failure(share.error());
  if (auto saved = save_key_share(state.config.key_share, *share); !saved) {
    return Reply::refuse({500, "key_share_write_failed", saved.error().message});
  }
  Reply reply;
  reply.body = {{"session", state.dkg->id}, {"collective_key", nlohmann::json::parse(secure::serialize(share->key))}};
  reply.note = fmt::format("dkg session {} finished: key share {} saved", state.dkg->id, share->index);
  state.hold_key_share(std::move(*share));
  state.dkg.reset();
  return reply;
}

}  // namespace

DkgSession::~DkgSession() { sodium_memzero(box_secret.data(), box_secret.size()); }

core::Status save_key_share(const std::string& path, const secure::KeyShare& share) {
  const auto& bytes = share.secret.value().bytes;
  nlohmann::json json = {{"type", "key_share"}, {"index", share.index},
                         {"secret", base64(bytes.data(), bytes.size())},
                         {"collective_key", nlohmann::json::parse(secure::serialize(share.key))}};
  std::string text = json.dump();
  auto done = core::write_file_atomically(path, text, 0600);
  sodium_memzero(text.data(), text.size());
  return done;
}

core::Result<secure::KeyShare> load_key_share(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return core::fail(text.error());
  auto json = nlohmann::json::parse(*text, nullptr, false);
  sodium_memzero(text->data(), text->size());
  if (!json.is_object() || json.value("type", "") != "key_share" || !json.contains("index") ||
      !json["index"].is_number_unsigned() || !json.contains("secret") || !json["secret"].is_string()) {
    return core::fail(core::bad_input("not a key share file (type, index, secret, collective_key)", {path}));
  }
  auto secret = unbase64(json["secret"].get<std::string>(), "secret");
  if (!secret) return core::fail(core::bad_input(secret.error().message, {path, 0, 0, "secret"}));
  auto scalar = secure::Scalar::from_bytes(std::span(reinterpret_cast<const std::uint8_t*>(secret->data()), secret->size()));
  sodium_memzero(secret->data(), secret->size());
  if (!scalar || secret->size() != secure::kScalarBytes) {
    return core::fail(core::bad_input("field 'secret': not a canonical scalar", {path, 0, 0, "secret"}));
  }
  auto key = secure::parse_collective_key(json["collective_key"].dump());
  if (!key) return core::fail(core::bad_input(key.error().message, {path, 0, 0, "collective_key"}));
  secure::KeyShare share;
  share.index = static_cast<std::uint32_t>(json["index"].get<std::uint64_t>());
  share.secret = secure::SecretScalar(*scalar);
  share.key = std::move(*key);
  auto expected = share.key.verification_share(share.index);
  if (!expected || secure::base_mul(share.secret.value()) != *expected) {
    return core::fail(core::bad_input("the secret does not match the verification share of this index", {path, 0, 0, "secret"}));
  }
  return share;
}

Reply handle_dkg(NodeState& state, const Call& call, std::string_view step) {
  std::string session;
  if (auto bad = require_string(call.body, "session", session)) return *bad;
  std::lock_guard lock(state.secure_mutex);
  if (step == "start") return dkg_start(state, call.body, session);
  if (!state.dkg || state.dkg->id != session) {
    return Reply::refuse({409, "no_dkg_session", fmt::format("no DKG session '{}' on this node: call /secure/dkg/start", session)});
  }
  if (step == "deal") return dkg_deal(state, call.body);
  if (step == "receive") return dkg_receive(state, call.body);
  return dkg_finish(state, call.body);
}

}  // namespace oncoshare::node::detail
