#include "node/roster.hpp"

#include <fmt/format.h>
#include <openssl/x509.h>

#include "node/detail/base64.hpp"
#include "node/detail/openssl.hpp"
#include "node/pki.hpp"

namespace oncoshare::node {

namespace {

core::Error refused(std::string message) { return core::Error{core::ErrorCode::check_failed, std::move(message), {}}; }

core::Status check_signature(EVP_PKEY* key, const SignedStatement& statement, std::string_view who) {
  auto signature = detail::unbase64(statement.signature, "signature");
  if (!signature || !detail::verify_signature(key, statement.text, *signature)) {
    return refused(fmt::format("the signature of {} does not verify", who));
  }
  return {};
}

}  // namespace

struct Roster::Member {
  detail::X509Ptr certificate;
  detail::PkeyPtr key;
  std::string fingerprint;
};

Roster::Roster() = default;
Roster::~Roster() = default;
Roster::Roster(Roster&&) noexcept = default;
Roster& Roster::operator=(Roster&&) noexcept = default;

core::Result<Roster> Roster::load(const std::vector<RosterEntry>& entries, const std::string& ca_file,
                                  const std::string& file) {
  Roster roster;
  if (entries.empty()) return roster;
  auto ca_pem = detail::read_text_file(ca_file);
  if (!ca_pem) return core::fail(ca_pem.error());
  auto ca = detail::parse_certificate(*ca_pem, ca_file);
  if (!ca) return core::fail(ca.error());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const RosterEntry& entry = entries[i];
    const core::Location where{file, 0, 0, fmt::format("roster[{}].certificate", i)};
    auto pem = detail::read_text_file(entry.certificate);
    if (!pem) return core::fail(core::bad_input(pem.error().message, where));
    auto cert = detail::parse_certificate(*pem, entry.certificate);
    if (!cert) return core::fail(core::bad_input(cert.error().message, where));
    if (auto chained = verify_chain(cert->get(), ca->get()); !chained) {
      return core::fail(core::bad_input(chained.error().message, where));
    }
    auto identity = peer_identity(cert->get());
    if (!identity) return core::fail(core::bad_input(identity.error().message, where));
    if (identity->role != Role::node || identity->name != entry.name) {
      return core::fail(core::bad_input(
          fmt::format("{} is the certificate of {} '{}', not of node '{}'", entry.certificate, role_name(identity->role),
                      identity->name, entry.name),
          where));
    }
    auto member = std::make_unique<Member>();
    member->fingerprint = detail::certificate_fingerprint(cert->get());
    member->key.reset(X509_get_pubkey(cert->get()));
    member->certificate = std::move(*cert);
    roster.members_.emplace(entry.name, std::move(member));
  }
  return roster;
}

bool Roster::empty() const { return members_.empty(); }
bool Roster::contains(std::string_view name) const { return members_.contains(name); }

std::vector<std::string> Roster::names() const {
  std::vector<std::string> out;
  for (const auto& [name, member] : members_) out.push_back(name);
  return out;
}

std::string Roster::fingerprint(std::string_view name) const {
  auto it = members_.find(name);
  return it == members_.end() ? std::string() : it->second->fingerprint;
}

core::Status Roster::verify(std::string_view name, const SignedStatement& statement) const {
  auto it = members_.find(name);
  if (it == members_.end()) return refused(fmt::format("'{}' is not on this node's roster", name));
  return check_signature(it->second->key.get(), statement, fmt::format("node '{}'", name));
}

struct StatementSigner::Key {
  detail::PkeyPtr key;
};

StatementSigner::StatementSigner() = default;
StatementSigner::~StatementSigner() = default;
StatementSigner::StatementSigner(StatementSigner&&) noexcept = default;
StatementSigner& StatementSigner::operator=(StatementSigner&&) noexcept = default;

core::Result<StatementSigner> StatementSigner::open(const std::string& key_file) {
  auto pem = detail::read_text_file(key_file);
  if (!pem) return core::fail(pem.error());
  auto key = detail::parse_private_key(*pem, key_file);
  if (!key) return core::fail(key.error());
  StatementSigner signer;
  signer.key_ = std::make_unique<Key>();
  signer.key_->key = std::move(*key);
  return signer;
}

core::Result<SignedStatement> StatementSigner::sign(std::string text) const {
  auto signature = detail::sign(key_->key.get(), text);
  if (!signature) return core::fail(signature.error());
  return SignedStatement{std::move(text), detail::base64(reinterpret_cast<const unsigned char*>(signature->data()),
                                                         signature->size())};
}

core::Status verify_statement(const SignedStatement& statement, std::string_view certificate_pem) {
  auto cert = detail::parse_certificate(certificate_pem, "certificate");
  if (!cert) return core::fail(cert.error());
  auto identity = peer_identity(cert->get());
  detail::PkeyPtr key(X509_get_pubkey(cert->get()));
  return check_signature(key.get(), statement, identity ? fmt::format("'{}'", identity->name) : "the certificate");
}

}  // namespace oncoshare::node
