#include "node/dkg_statement.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <tuple>

#include "core/json_text.hpp"
#include "node/detail/base64.hpp"
#include "node/detail/openssl.hpp"
#include "secure/codec.hpp"

namespace oncoshare::node {

namespace {

using nlohmann::json;

constexpr std::string_view kTypes[] = {"oncoshare.dkg.start.v1", "oncoshare.dkg.sealed.v1",
                                       "oncoshare.dkg.complaint.v1", "oncoshare.dkg.finish.v1"};
constexpr std::string_view kStepNames[] = {"start", "sealed share", "complaint", "finish"};

std::string_view type_of(DkgStep step) { return kTypes[static_cast<int>(step)]; }
std::string_view name_of(DkgStep step) { return kStepNames[static_cast<int>(step)]; }

core::Error refused(std::string message) { return core::Error{core::ErrorCode::check_failed, std::move(message), {}}; }

// The header fields every statement starts with; `content` adds the step's own.
std::string text_of(DkgStep step, const DkgHeader& header, json content) {
  content["type"] = type_of(step);
  content["session"] = header.session;
  content["participants"] = header.participants;
  content["threshold"] = header.threshold;
  content["index"] = header.index;
  content["node"] = header.name();
  return content.dump();
}

bool is_index(const json& in, const char* field, std::size_t participants) {
  return in.contains(field) && in[field].is_number_unsigned() && in[field].get<std::uint64_t>() >= 1 &&
         in[field].get<std::uint64_t>() <= participants;
}

bool same_session(const json& in, const DkgHeader& session) {
  return in.contains("session") && in["session"] == session.session && in.contains("participants") &&
         in["participants"] == json(session.participants) && in.contains("threshold") &&
         in["threshold"] == session.threshold;
}

// The step's own fields of a statement whose header and signature were checked.
core::Status read_content(const json& in, const std::string& what, DkgStatement& out) {
  const std::size_t n = out.header.participants.size();
  auto bad = [&](const char* field) { return refused(fmt::format("{}: field '{}' missing or malformed", what, field)); };
  switch (out.step) {
    case DkgStep::start: {
      auto commitments = secure::parse_dkg_commitments(in.contains("commitments") ? in["commitments"].dump() : "null");
      if (!commitments || commitments->dealer != out.header.index) return bad("commitments");
      out.commitments = std::move(*commitments);
      if (!in.contains("box_key") || !in["box_key"].is_string()) return bad("box_key");
      auto box_key = detail::unbase64(in["box_key"].get<std::string>(), "box_key");
      if (!box_key || box_key->size() != crypto_box_PUBLICKEYBYTES) return bad("box_key");
      out.box_key = std::move(*box_key);
      return {};
    }
    case DkgStep::sealed:
      if (!is_index(in, "recipient", n)) return bad("recipient");
      if (!in.contains("sealed_sha256") || !in["sealed_sha256"].is_string()) return bad("sealed_sha256");
      out.recipient = in["recipient"].get<std::uint32_t>();
      out.sealed_sha256 = in["sealed_sha256"].get<std::string>();
      return {};
    case DkgStep::complaint:
      if (!is_index(in, "dealer", n)) return bad("dealer");
      out.dealer = in["dealer"].get<std::uint32_t>();
      return {};
    case DkgStep::finish: {
      if (!in.contains("transcript") || !in["transcript"].is_string()) return bad("transcript");
      out.transcript = in["transcript"].get<std::string>();
      auto key = secure::parse_collective_key(in.contains("collective_key") ? in["collective_key"].dump() : "null");
      if (!key) return bad("collective_key");
      out.key = std::move(*key);
      return {};
    }
  }
  return {};
}

}  // namespace

DkgHeader DkgHeader::as(std::uint32_t signer) const {
  DkgHeader out = *this;
  out.index = signer;
  return out;
}

secure::DkgParams DkgHeader::params() const {
  return secure::DkgParams{static_cast<std::uint32_t>(participants.size()), threshold};
}

std::string dkg_start_text(const DkgHeader& header, const secure::DkgCommitments& commitments,
                           std::string_view box_key) {
  return text_of(DkgStep::start, header,
                 {{"commitments", json::parse(secure::serialize(commitments))},
                  {"box_key", detail::base64(reinterpret_cast<const unsigned char*>(box_key.data()), box_key.size())}});
}

std::string dkg_sealed_text(const DkgHeader& header, std::uint32_t recipient, std::string_view sealed) {
  return text_of(DkgStep::sealed, header, {{"recipient", recipient}, {"sealed_sha256", detail::sha256_hex(sealed)}});
}

std::string dkg_complaint_text(const DkgHeader& header, std::uint32_t dealer) {
  return text_of(DkgStep::complaint, header, {{"dealer", dealer}});
}

std::string dkg_finish_text(const DkgHeader& header, std::string_view transcript, const secure::CollectiveKey& key) {
  return text_of(DkgStep::finish, header,
                 {{"transcript", transcript}, {"collective_key", json::parse(secure::serialize(key))}});
}

core::Result<DkgStatement> read_dkg_statement(const json& item, DkgStep step, const DkgHeader& session,
                                              std::uint32_t signer, const DkgVerifier& verify) {
  const std::size_t n = session.participants.size();
  std::string what = signer >= 1 && signer <= n
                         ? fmt::format("the {} statement of node '{}'", name_of(step), session.participants[signer - 1])
                         : fmt::format("a {} statement", name_of(step));
  if (!item.is_object() || !item.contains("statement") || !item["statement"].is_string() ||
      !item.contains("signature") || !item["signature"].is_string()) {
    return core::fail(refused(what + ": expected {statement, signature}"));
  }
  DkgStatement out;
  out.step = step;
  out.signed_statement = {item["statement"].get<std::string>(), item["signature"].get<std::string>()};
  if (auto depth = core::check_json_depth(out.signed_statement.text, {}); !depth) {
    return core::fail(refused(fmt::format("{}: {}", what, depth.error().to_string())));
  }
  const json in = json::parse(out.signed_statement.text, nullptr, false);
  if (!in.is_object() || in.value("type", "") != type_of(step)) {
    return core::fail(refused(fmt::format("{}: not a key-generation {} statement", what, name_of(step))));
  }
  if (!same_session(in, session)) {
    return core::fail(refused(what + ": it belongs to another key generation (session, participants or threshold differ)"));
  }
  if (!is_index(in, "index", n)) return core::fail(refused(what + ": field 'index' missing or out of range"));
  out.header = session.as(in["index"].get<std::uint32_t>());
  if (signer != 0 && out.header.index != signer) {
    return core::fail(refused(fmt::format("{}: it is signed for index {}, expected {}", what, out.header.index, signer)));
  }
  what = fmt::format("the {} statement of node '{}'", name_of(step), out.header.name());
  if (in.value("node", "") != out.header.name()) {
    return core::fail(refused(fmt::format("{}: it names node '{}' at index {}", what, in.value("node", ""),
                                          out.header.index)));
  }
  ONCOSHARE_TRY(verify(out.header.name(), out.signed_statement));
  ONCOSHARE_TRY(read_content(in, what, out));
  return out;
}

core::Result<std::vector<DkgStatement>> read_dkg_statements(const json& items, DkgStep step, const DkgHeader& session,
                                                            const DkgVerifier& verify) {
  const std::size_t n = session.participants.size();
  if (!items.is_array() || items.size() != n) {
    return core::fail(refused(fmt::format("expected the {} statements of all {} participants, in index order",
                                          name_of(step), n)));
  }
  std::vector<DkgStatement> out;
  for (std::uint32_t i = 1; i <= n; ++i) {
    auto one = read_dkg_statement(items[i - 1], step, session, i, verify);
    if (!one) return core::fail(one.error());
    out.push_back(std::move(*one));
  }
  return out;
}

json to_json(const SignedStatement& statement) {
  return {{"statement", statement.text}, {"signature", statement.signature}};
}

core::Status check_sealed(const DkgStatement& claim, std::uint32_t recipient, std::string_view sealed) {
  auto bytes = detail::unbase64(sealed, "sealed");
  if (!bytes || claim.recipient != recipient || claim.sealed_sha256 != detail::sha256_hex(*bytes)) {
    return core::fail(refused(fmt::format("the sealed share from node '{}' is not the one it signed for node '{}'",
                                          claim.header.name(), claim.header.participants.at(recipient - 1))));
  }
  return {};
}

std::string dkg_transcript_digest(std::span<const DkgStatement> starts, std::span<const DkgStatement> complaints) {
  std::vector<const DkgStatement*> ordered;
  for (const auto& c : complaints) ordered.push_back(&c);
  std::sort(ordered.begin(), ordered.end(), [](const DkgStatement* a, const DkgStatement* b) {
    return std::tie(a->header.index, a->dealer, a->signed_statement.text) <
           std::tie(b->header.index, b->dealer, b->signed_statement.text);
  });
  json transcript = {{"starts", json::array()}, {"complaints", json::array()}};
  for (const auto& s : starts) transcript["starts"].push_back(s.signed_statement.text);
  for (const auto* c : ordered) transcript["complaints"].push_back(c->signed_statement.text);
  return detail::sha256_hex(transcript.dump());
}

std::vector<secure::DkgCommitments> dkg_commitments(std::span<const DkgStatement> starts) {
  std::vector<secure::DkgCommitments> out;
  for (const auto& s : starts) out.push_back(s.commitments);
  return out;
}

std::vector<secure::DkgComplaint> dkg_complaints(std::span<const DkgStatement> complaints) {
  std::vector<secure::DkgComplaint> out;
  for (const auto& c : complaints) out.push_back({c.header.index, c.dealer});
  return out;
}

core::Status check_same_result(const DkgStatement& finish, std::string_view transcript,
                               const secure::CollectiveKey& key) {
  if (finish.transcript != transcript) {
    return core::fail(refused(fmt::format("node '{}' reports another transcript", finish.header.name())));
  }
  if (!finish.key || !(*finish.key == key)) {
    return core::fail(refused(fmt::format("node '{}' reports another collective key", finish.header.name())));
  }
  return {};
}

}  // namespace oncoshare::node
