// Audit log verification: read the file line by line into the chain rules, and check a
// signed head recorded elsewhere.
#include <fmt/format.h>

#include <fstream>

#include "node/audit_log.hpp"
#include "node/detail/audit_chain.hpp"
#include "node/detail/openssl.hpp"

namespace oncoshare::node {

namespace detail {

core::Result<ChainState> scan_audit_log(const std::string& path, EVP_PKEY* key, const AuditVerifyOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::bad_input("cannot open audit log", {path});
  ChainChecker chain(key, path, options.expect_head);
  std::string text;
  std::uint64_t line_no = 0;
  while (std::getline(in, text)) {
    ++line_no;
    if (in.eof()) {
      // Live, the node may be writing this very line.
      if (options.live) break;
      return core::fail(core::Error{core::ErrorCode::check_failed,
                                    "incomplete line (no final newline): cut during a write or edited", {path, line_no}});
    }
    auto line = parse_audit_line(text, {path, line_no});
    if (!line) return core::fail(line.error());
    ONCOSHARE_TRY(chain.add(*line, line_no));
  }
  ONCOSHARE_TRY(chain.finish(options.live));
  return chain.state();
}

}  // namespace detail

namespace {

core::Result<detail::PkeyPtr> verification_key(const std::string& cert_or_key_pem) {
  detail::PkeyPtr key;
  if (cert_or_key_pem.find("-----BEGIN CERTIFICATE-----") != std::string::npos) {
    auto cert = detail::parse_certificate(cert_or_key_pem, "node certificate");
    if (!cert) return core::fail(cert.error());
    key.reset(X509_get_pubkey(cert->get()));
  } else {
    auto parsed = detail::parse_public_key(cert_or_key_pem, "node public key");
    if (!parsed) return core::fail(parsed.error());
    key = std::move(*parsed);
  }
  if (!key) return core::fail(core::bad_input("the certificate has no usable public key"));
  return key;
}

bool is_chain_head(const std::string& text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

nlohmann::json to_json(const SignedHead& head) {
  return {{"seq", head.seq}, {"type", head.type}, {"time", head.time}, {"head", head.head},
          {"signature", head.signature}};
}

core::Result<AuditSummary> verify_audit_log(const std::string& path, const std::string& cert_or_key_pem,
                                            const AuditVerifyOptions& options) {
  if (!options.expect_head.empty() && !is_chain_head(options.expect_head)) {
    return core::fail(core::bad_input("expected head: not a chain head (64 lowercase hex digits)"));
  }
  auto key = verification_key(cert_or_key_pem);
  if (!key) return core::fail(key.error());
  auto state = detail::scan_audit_log(path, key->get(), options);
  if (!state) return core::fail(state.error());
  return state->summary;
}

core::Status verify_signed_head(const nlohmann::json& head, const std::string& cert_or_key_pem) {
  auto key = verification_key(cert_or_key_pem);
  if (!key) return key.error();
  auto string_at = [&](const char* name) {
    return head.contains(name) && head[name].is_string() ? head[name].get<std::string>() : std::string();
  };
  if (!head.is_object() || !head.contains("seq") || !head["seq"].is_number_unsigned() ||
      !is_chain_head(string_at("head"))) {
    return core::bad_input("audit head: expected seq (number), time, head (64 hex digits) and signature");
  }
  auto signature = detail::from_hex(string_at("signature"));
  const auto message = detail::signed_message(head["seq"].get<std::uint64_t>(), string_at("time"), string_at("head"));
  if (!signature || !detail::verify_signature(key->get(), message, *signature)) {
    return core::Error{core::ErrorCode::check_failed, "audit head signature is invalid (forged head or wrong certificate)"};
  }
  return {};
}

}  // namespace oncoshare::node
