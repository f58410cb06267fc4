// Federation PKI: one certificate authority per federation issues node and researcher
// certificates. The role travels in the subject (OU=node | OU=researcher, CN=name) and in
// extendedKeyUsage (nodes: serverAuth+clientAuth; researchers: clientAuth only).
#pragma once

#include <openssl/x509.h>

#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/key_file.hpp"
#include "core/result.hpp"

namespace oncoshare::node {

enum class Role { node, researcher };
enum class KeyAlgorithm { ed25519, p256 };

// "node" / "researcher", as written in the certificate's OU.
[[nodiscard]] std::string_view role_name(Role role);
// "ed25519" / "p256"; anything else is a bad_input error naming the value.
[[nodiscard]] core::Result<KeyAlgorithm> parse_key_algorithm(std::string_view text);

// File names inside a CA directory.
inline constexpr std::string_view kCaKeyFile = "ca.key";
inline constexpr std::string_view kCaCertFile = "ca.crt";

// Limits a certificate can hold: 100 years keeps notAfter far below X.509's 9999-12-31 (a
// later date makes a certificate OpenSSL cannot read back); the common name (CN) and the
// organisation (O) hold at most 64 characters (RFC 5280 ub-common-name).
inline constexpr int kMaxValidityDays = 36500;
inline constexpr std::size_t kMaxCommonName = 64;

// Creates `dir` with ca.key (mode 0600) and a self-signed ca.crt valid for `days`
// (1..kMaxValidityDays). `name` has 1..kMaxCommonName characters. Files appear atomically
// and nothing is written on error; an existing CA is refused, or with replace_keeping_backup
// replaced and kept as ca.key.bak / ca.crt.bak (see core/key_file.hpp).
[[nodiscard]] core::Status init_ca(const std::string& dir, const std::string& name,
                                   KeyAlgorithm algorithm, int days = 3650,
                                   core::ExistingKey existing = core::ExistingKey::refuse);

struct IssueRequest {
  Role role = Role::node;
  std::string name;                // CN; also the output file stem; [A-Za-z0-9._-]+
  int days = 365;                  // validity, 0 < |days| <= kMaxValidityDays; negative issues an
                                   // already-expired certificate
  KeyAlgorithm algorithm = KeyAlgorithm::ed25519;
  std::vector<std::string> sans;   // the whole subjectAltName: "DNS:node1.example.org", "IP:10.0.0.5"
  core::ExistingKey existing = core::ExistingKey::refuse;  // an existing <name>.key or .crt
};

struct IssuedFiles {
  std::string key_path;   // <out>/<name>.key, mode 0600
  std::string cert_path;  // <out>/<name>.crt
};

// Issues a key and certificate signed by the CA in `ca_dir`, written to `out_dir`. The
// certificate has a subjectAltName only when `sans` is not empty, and then exactly those
// entries (each DNS:<host name> or IP:<address>; anything else is a bad_input error naming
// it): federation clients check the CN, not host names (node/server_identity.hpp), so
// no certificate is valid for an address merely by being issued. Refuses to replace an existing
// key or certificate unless request.existing says to keep it as a backup.
[[nodiscard]] core::Result<IssuedFiles> issue_certificate(const std::string& ca_dir,
                                                          const IssueRequest& request,
                                                          const std::string& out_dir);

// Who a certificate says its holder is.
struct PeerIdentity {
  Role role = Role::node;
  std::string name;     // CN
  std::string subject;  // one-line RFC 2253 subject, e.g. "CN=alice,OU=researcher,O=Demo"
  std::string issuer;   // the issuing CA's subject, same form
};

// Who a researcher is for the privacy budget and the query history: the certificate's
// subject under its issuer. Renewing a certificate keeps it; a second certificate under
// another subject is a second person to the node, so issuing one is a CA matter.
[[nodiscard]] std::string researcher_identity(const PeerIdentity& peer);

// Reads role (OU) and name (CN). Errors when either is missing or the OU is not a role.
// Does not verify the certificate: call verify_chain() first.
[[nodiscard]] core::Result<PeerIdentity> peer_identity(X509* cert);
[[nodiscard]] core::Result<PeerIdentity> peer_identity_pem(std::string_view cert_pem);

// The PEM text of a certificate file; an error names the file when it cannot be read or
// holds no certificate.
[[nodiscard]] core::Result<std::string> read_certificate_text(const std::string& path);

// Verifies `cert` was issued by `ca` and is valid at `at` (default: now). The error is a
// check_failed naming the subject and OpenSSL's reason ("certificate has expired", ...).
[[nodiscard]] core::Status verify_chain(X509* cert, X509* ca, std::optional<std::time_t> at = {});
[[nodiscard]] core::Status verify_chain_pem(std::string_view cert_pem, std::string_view ca_pem,
                                            std::optional<std::time_t> at = {});

}  // namespace oncoshare::node
