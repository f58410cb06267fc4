// Audit log verification: recompute every line's hash, follow the chain and the sequence,
// check each checkpoint's signature and the checkpoint spacing.
#include <fmt/format.h>

#include <fstream>

#include "node/audit_log.hpp"
#include "node/detail/audit_chain.hpp"
#include "node/detail/openssl.hpp"

namespace oncoshare::node {

namespace detail {

std::string canonical_json(const nlohmann::json& value) {
  // Invalid UTF-8 in a peer-supplied field must not abort logging: it is replaced (U+FFFD).
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string seal_line(nlohmann::json& line) {
  line.erase("hash");
  std::string hash = sha256_hex(canonical_json(line));
  line["hash"] = hash;
  return canonical_json(line);
}

std::string checkpoint_message(std::uint64_t seq, std::string_view head) {
  return fmt::format("oncoshare-audit-checkpoint-v1\n{}\n{}", seq, head);
}

namespace {

core::Error tampered(const std::string& path, std::uint64_t line, std::string message) {
  return core::Error{core::ErrorCode::check_failed, std::move(message), {path, line}};
}

std::string text_field(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

core::Result<ChainState> scan_audit_log(const std::string& path, EVP_PKEY* key) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::bad_input("cannot open audit log", {path});
  ChainState state;
  std::string head(kAuditGenesis);
  std::string text;
  std::uint64_t line_no = 0;
  while (std::getline(in, text)) {
    ++line_no;
    if (in.eof()) return tampered(path, line_no, "incomplete line (no final newline): cut during a write or edited");
    nlohmann::json line = nlohmann::json::parse(text, nullptr, false);
    if (line.is_discarded() || !line.is_object()) return tampered(path, line_no, "not a JSON object (entry edited)");
    std::string stored_hash = text_field(line, "hash");
    nlohmann::json copy = line;
    std::string expected_text = seal_line(copy);
    if (stored_hash.empty() || copy["hash"] != stored_hash || expected_text != text) {
      return tampered(path, line_no, "line hash does not match its content (entry edited)");
    }
    auto seq = line.find("seq");
    if (seq == line.end() || !seq->is_number_unsigned() || seq->get<std::uint64_t>() != state.next_seq) {
      return tampered(path, line_no,
                      fmt::format("sequence number {} where {} was expected (entry removed, reordered or inserted)",
                                  seq == line.end() ? "missing" : seq->dump(), state.next_seq));
    }
    if (text_field(line, "prev") != head) {
      return tampered(path, line_no, fmt::format("chain broken: prev does not match the hash of {} "
                                                 "(entry removed, reordered or inserted)",
                                                 line_no == 1 ? "the genesis value" : fmt::format("line {}", line_no - 1)));
    }
    std::string type = text_field(line, "type");
    if (line_no == 1) {
      auto every = line.find("checkpoint_every");
      if (type != "open" || every == line.end() || !every->is_number_unsigned() || every->get<std::uint64_t>() == 0) {
        return tampered(path, line_no, "first line is not the log header");
      }
      state.checkpoint_every = every->get<std::uint64_t>();
    } else if (type == "checkpoint") {
      auto signature = from_hex(text_field(line, "signature"));
      if (!signature || !verify_signature(key, checkpoint_message(state.next_seq, head), *signature)) {
        return tampered(path, line_no, "checkpoint signature is invalid (forged checkpoint or wrong certificate)");
      }
      ++state.summary.checkpoints;
      state.since_checkpoint = 0;
    } else if (type == "entry") {
      if (state.since_checkpoint == state.checkpoint_every) {
        return tampered(path, line_no, fmt::format("missing checkpoint: {} entries since the last signed one",
                                                   state.checkpoint_every));
      }
      ++state.summary.entries;
      ++state.since_checkpoint;
    } else {
      return tampered(path, line_no, fmt::format("unknown line type '{}'", type));
    }
    head = stored_hash;
    ++state.next_seq;
  }
  if (line_no == 0) return tampered(path, 1, "empty audit log (header missing)");
  state.summary.lines = line_no;
  state.summary.unsigned_tail = state.since_checkpoint;
  state.summary.head = head;
  return state;
}

}  // namespace detail

core::Result<AuditSummary> verify_audit_log(const std::string& path, const std::string& cert_or_key_pem, const AuditVerifyOptions&) {
  detail::PkeyPtr key;
  if (cert_or_key_pem.find("-----BEGIN CERTIFICATE-----") != std::string::npos) {
    auto cert = detail::parse_certificate(cert_or_key_pem, "node certificate");
    if (!cert) return cert.error();
    key.reset(X509_get_pubkey(cert->get()));
  } else {
    auto parsed = detail::parse_public_key(cert_or_key_pem, "node public key");
    if (!parsed) return parsed.error();
    key = std::move(*parsed);
  }
  if (!key) return core::bad_input("the certificate has no usable public key");
  auto state = detail::scan_audit_log(path, key.get());
  if (!state) return state.error();
  return state->summary;
}

}  // namespace oncoshare::node
namespace oncoshare::node {
nlohmann::json to_json(const SignedHead& h) { return {{"seq", h.seq}, {"type", h.type}, {"time", h.time}, {"head", h.head}, {"signature", h.signature}}; }
core::Status verify_signed_head(const nlohmann::json&, const std::string&) { return {}; }
SignedHead AuditLog::signed_head() const { return {}; }
}
