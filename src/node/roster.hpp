// The federation roster: the nodes this node works with, each name bound to a pinned
// certificate. Contributions to an aggregate, model-round participants and key-generation
// messages count only when signed by a roster node's certificate key, so a researcher or a
// relay cannot add, simulate or impersonate a site (docs/threat-model.md).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace oncoshare::node {

// One [[roster]] entry of node.toml.
struct RosterEntry {
  std::string name;         // the node's certificate CN
  std::string certificate;  // PEM file of that node's certificate (pinned: no other key counts)
};

// A signature over the exact bytes of `text` by a federation member's certificate key.
struct SignedStatement {
  std::string text;       // the statement (JSON), signed as is
  std::string signature;  // standard base64
  friend bool operator==(const SignedStatement&, const SignedStatement&) = default;
};

class Roster {
 public:
  Roster();
  ~Roster();
  Roster(Roster&&) noexcept;
  Roster& operator=(Roster&&) noexcept;

  // Reads every entry's certificate, checks that it chains to the CA in `ca_file`, is a
  // node certificate and carries the entry's name as CN. `file` names node.toml in errors.
  [[nodiscard]] static core::Result<Roster> load(const std::vector<RosterEntry>& entries, const std::string& ca_file,
                                                 const std::string& file);

  [[nodiscard]] bool empty() const;
  [[nodiscard]] bool contains(std::string_view name) const;
  [[nodiscard]] std::vector<std::string> names() const;  // sorted
  // SHA-256 of the pinned certificate (DER), lowercase hex; "" for a name not on the roster.
  [[nodiscard]] std::string fingerprint(std::string_view name) const;

  // Ok when `statement` was signed by roster node `name`; else a check_failed naming the
  // node ("'x' is not on this node's roster" / "signature of node 'x' does not verify").
  [[nodiscard]] core::Status verify(std::string_view name, const SignedStatement& statement) const;

 private:
  struct Member;
  std::map<std::string, std::unique_ptr<Member>, std::less<>> members_;
};

// Signs statements with this node's certificate key (the TLS key file).
class StatementSigner {
 public:
  StatementSigner();
  ~StatementSigner();
  StatementSigner(StatementSigner&&) noexcept;
  StatementSigner& operator=(StatementSigner&&) noexcept;

  [[nodiscard]] static core::Result<StatementSigner> open(const std::string& key_file);
  // The statement with its signature. Thread-safe.
  [[nodiscard]] core::Result<SignedStatement> sign(std::string text) const;

 private:
  struct Key;
  std::unique_ptr<Key> key_;
};

// Verifies `statement` against the certificate in `certificate_pem` (no chain check: call
// verify_chain_pem first). For readers of a report, who hold certificates, not a roster.
[[nodiscard]] core::Status verify_statement(const SignedStatement& statement, std::string_view certificate_pem);

}  // namespace oncoshare::node
