#include "node/pki.hpp"

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <cctype>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "node/detail/openssl.hpp"
#include "node/detail/subject_alt_name.hpp"

namespace oncoshare::node {

namespace {

namespace fs = std::filesystem;
using detail::PkeyPtr;
using detail::X509Ptr;

constexpr long kSecondsPerDay = 86400;
constexpr long kClockSkewSeconds = 300;  // peers' clocks may lag; accept certificates a bit early

core::Error internal(const std::string& what) {
  return core::Error{core::ErrorCode::internal, what + ": " + detail::openssl_error()};
}

core::Result<PkeyPtr> generate_key(KeyAlgorithm algorithm) {
  PkeyPtr key(algorithm == KeyAlgorithm::ed25519 ? EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519")
                                                 : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  if (!key) return internal("key generation failed");
  return key;
}

// Characters, not bytes: the CN's upper bound counts characters of the UTF-8 string.
std::size_t characters(std::string_view text) {
  std::size_t count = 0;
  for (char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

core::Status check_validity(int days) {
  if (days == 0 || days < -kMaxValidityDays || days > kMaxValidityDays) {
    return core::bad_input(fmt::format("certificate validity of {} days is outside the allowed range [-{}, {}] "
                                       "(and not 0)", days, kMaxValidityDays, kMaxValidityDays));
  }
  return {};
}

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() == '.') return false;
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) return false;
  }
  return true;
}

// Ed25519 signs without a separate digest; ECDSA uses SHA-256.
const EVP_MD* signing_digest(EVP_PKEY* key) {
  return EVP_PKEY_get_id(key) == EVP_PKEY_ED25519 ? nullptr : EVP_sha256();
}

core::Status add_extension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (ext == nullptr) return core::bad_input(fmt::format("invalid certificate extension value '{}'", value));
  int added = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  if (added != 1) return internal("cannot add certificate extension");
  return {};
}

struct Subject {
  std::string cn, ou, o;
};

// A certificate for `key` with validity [now + from, now + to] seconds, unsigned.
core::Result<X509Ptr> new_certificate(EVP_PKEY* key, const Subject& subject, long from, long to) {
  X509Ptr cert(X509_new());
  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof serial) != 1) return internal("no randomness for the serial number");
  serial[0] &= 0x7f;  // positive INTEGER
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_set_version(cert.get(), X509_VERSION_3);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), from);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), to);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  // A value OpenSSL refuses (too long) must fail, never leave the subject empty.
  auto add = [name](const char* field, const std::string& value) {
    return value.empty() || X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                                       reinterpret_cast<const unsigned char*>(value.c_str()),
                                                       -1, -1, 0) == 1;
  };
  if (!add("O", subject.o) || !add("OU", subject.ou) || !add("CN", subject.cn)) {
    return internal("cannot set the certificate subject");
  }
  return cert;
}

std::string entry_text(X509_NAME* name, int nid) {
  int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) return {};
  ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  int size = ASN1_STRING_to_UTF8(&utf8, data);
  if (size < 0) return {};
  std::string text(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(size));
  OPENSSL_free(utf8);
  return text;
}

std::string one_line(X509_NAME* name) {
  BIO* bio = BIO_new(BIO_s_mem());
  X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  std::string text(data, static_cast<std::size_t>(size > 0 ? size : 0));
  BIO_free(bio);
  return text;
}

}  // namespace

std::string_view role_name(Role role) { return role == Role::node ? "node" : "researcher"; }

core::Result<KeyAlgorithm> parse_key_algorithm(std::string_view text) {
  if (text == "ed25519") return KeyAlgorithm::ed25519;
  if (text == "p256") return KeyAlgorithm::p256;
  return core::bad_input(fmt::format("unknown key algorithm '{}' (expected ed25519 or p256)", text));
}

core::Status init_ca(const std::string& dir, const std::string& name, KeyAlgorithm algorithm, int days,
                     core::ExistingKey existing) {
  if (name.empty()) return core::bad_input("CA name must not be empty");
  if (characters(name) > kMaxCommonName) {
    return core::bad_input(fmt::format("the CA name has {} characters; a certificate's common name (CN) holds at most {}",
                                       characters(name), kMaxCommonName));
  }
  if (days <= 0) return core::bad_input(fmt::format("CA validity must be positive days, got {}", days));
  ONCOSHARE_TRY(check_validity(days));
  std::string key_path = (fs::path(dir) / kCaKeyFile).string();
  std::string cert_path = (fs::path(dir) / kCaCertFile).string();
  const std::string files[] = {key_path, cert_path};
  ONCOSHARE_TRY(core::check_key_files(files, existing));
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return core::io_error("cannot create directory: " + ec.message(), {dir});

  auto key = generate_key(algorithm);
  if (!key) return key.error();
  auto cert = new_certificate(key->get(), {name, "", name}, -kClockSkewSeconds, days * kSecondsPerDay);
  if (!cert) return cert.error();
  X509* c = cert->get();
  X509_set_issuer_name(c, X509_get_subject_name(c));
  ONCOSHARE_TRY(add_extension(c, c, NID_basic_constraints, "critical,CA:TRUE,pathlen:0"));
  ONCOSHARE_TRY(add_extension(c, c, NID_key_usage, "critical,keyCertSign,cRLSign"));
  ONCOSHARE_TRY(add_extension(c, c, NID_subject_key_identifier, "hash"));
  if (X509_sign(c, key->get(), signing_digest(key->get())) == 0) return internal("CA self-signature failed");

  ONCOSHARE_TRY(core::write_key_file(key_path, detail::private_key_pem(key->get()), 0600, existing));
  return core::write_key_file(cert_path, detail::certificate_pem(c), 0644, existing);
}

core::Result<IssuedFiles> issue_certificate(const std::string& ca_dir, const IssueRequest& request,
                                            const std::string& out_dir) {
  if (!valid_name(request.name)) {
    return core::bad_input(fmt::format("invalid {} name '{}' (use letters, digits, '.', '_', '-')",
                                       role_name(request.role), request.name));
  }
  if (request.days == 0) return core::bad_input("validity must not be 0 days");
  ONCOSHARE_TRY(check_validity(request.days));
  for (const auto& san : request.sans) ONCOSHARE_TRY(detail::check_subject_alt_name(san));
  std::string ca_key_path = (fs::path(ca_dir) / kCaKeyFile).string();
  std::string ca_cert_path = (fs::path(ca_dir) / kCaCertFile).string();
  auto ca_key_pem = detail::read_text_file(ca_key_path);
  if (!ca_key_pem) return ca_key_pem.error();
  auto ca_cert_pem = detail::read_text_file(ca_cert_path);
  if (!ca_cert_pem) return ca_cert_pem.error();
  auto ca_key = detail::parse_private_key(*ca_key_pem, ca_key_path);
  if (!ca_key) return ca_key.error();
  auto ca_cert = detail::parse_certificate(*ca_cert_pem, ca_cert_path);
  if (!ca_cert) return ca_cert.error();

  IssuedFiles files{(fs::path(out_dir) / (request.name + ".key")).string(),
                    (fs::path(out_dir) / (request.name + ".crt")).string()};
  const std::string paths[] = {files.key_path, files.cert_path};
  ONCOSHARE_TRY(core::check_key_files(paths, request.existing));

  // A negative validity yields a certificate that expired `-days` days ago (for tests and drills).
  long to = static_cast<long>(request.days) * kSecondsPerDay;
  long from = request.days > 0 ? -kClockSkewSeconds : to - kSecondsPerDay;
  auto key = generate_key(request.algorithm);
  if (!key) return key.error();
  std::string organisation = entry_text(X509_get_subject_name(ca_cert->get()), NID_organizationName);
  auto cert = new_certificate(key->get(), {request.name, std::string(role_name(request.role)), organisation},
                              from, to);
  if (!cert) return cert.error();
  X509* c = cert->get();
  X509* ca = ca_cert->get();
  X509_set_issuer_name(c, X509_get_subject_name(ca));
  bool is_node = request.role == Role::node;
  ONCOSHARE_TRY(add_extension(c, ca, NID_basic_constraints, "critical,CA:FALSE"));
  ONCOSHARE_TRY(add_extension(c, ca, NID_key_usage, "critical,digitalSignature"));
  ONCOSHARE_TRY(add_extension(c, ca, NID_ext_key_usage, is_node ? "serverAuth,clientAuth" : "clientAuth"));
  ONCOSHARE_TRY(add_extension(c, ca, NID_subject_key_identifier, "hash"));
  ONCOSHARE_TRY(add_extension(c, ca, NID_authority_key_identifier, "keyid:always"));
  if (!request.sans.empty()) {
    ONCOSHARE_TRY(add_extension(c, ca, NID_subject_alt_name, fmt::format("{}", fmt::join(request.sans, ","))));
  }
  if (X509_sign(c, ca_key->get(), signing_digest(ca_key->get())) == 0) return internal("signing failed");

  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) return core::io_error("cannot create directory: " + ec.message(), {out_dir});
  ONCOSHARE_TRY(core::write_key_file(files.key_path, detail::private_key_pem(key->get()), 0600, request.existing));
  ONCOSHARE_TRY(core::write_key_file(files.cert_path, detail::certificate_pem(c), 0644, request.existing));
  return files;
}

core::Result<PeerIdentity> peer_identity(X509* cert) {
  if (cert == nullptr) return core::bad_input("no peer certificate");
  X509_NAME* subject = X509_get_subject_name(cert);
  PeerIdentity identity;
  identity.subject = one_line(subject);
  identity.issuer = one_line(X509_get_issuer_name(cert));
  identity.name = entry_text(subject, NID_commonName);
  std::string ou = entry_text(subject, NID_organizationalUnitName);
  if (identity.name.empty()) {
    return core::bad_input(fmt::format("certificate '{}' has no CN", identity.subject));
  }
  if (ou == "node") {
    identity.role = Role::node;
  } else if (ou == "researcher") {
    identity.role = Role::researcher;
  } else {
    return core::bad_input(fmt::format("certificate '{}' has no role (OU '{}' is neither node nor researcher)",
                                       identity.subject, ou));
  }
  return identity;
}

std::string researcher_identity(const PeerIdentity& peer) {
  return fmt::format("subject={}; issuer={}", peer.subject, peer.issuer);
}

core::Result<PeerIdentity> peer_identity_pem(std::string_view cert_pem) {
  auto cert = detail::parse_certificate(cert_pem, "certificate");
  if (!cert) return cert.error();
  return peer_identity(cert->get());
}

core::Result<std::string> read_certificate_text(const std::string& path) {
  auto text = detail::read_text_file(path);
  if (!text) return text.error();
  auto cert = detail::parse_certificate(*text, path);
  if (!cert) return cert.error();
  return *text;
}

core::Status verify_chain(X509* cert, X509* ca, std::optional<std::time_t> at) {
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(),
                                                                      X509_STORE_CTX_free);
  X509_STORE_add_cert(store.get(), ca);
  X509_STORE_CTX_init(ctx.get(), store.get(), cert, nullptr);
  if (at) X509_STORE_CTX_set_time(ctx.get(), 0, *at);
  int ok = X509_verify_cert(ctx.get());
  ERR_clear_error();
  if (ok == 1) return {};
  return core::Error{core::ErrorCode::check_failed,
                     fmt::format("certificate '{}' does not verify against CA '{}': {}",
                                 one_line(X509_get_subject_name(cert)), one_line(X509_get_subject_name(ca)),
                                 X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get())))};
}

core::Status verify_chain_pem(std::string_view cert_pem, std::string_view ca_pem, std::optional<std::time_t> at) {
  auto cert = detail::parse_certificate(cert_pem, "certificate");
  if (!cert) return cert.error();
  auto ca = detail::parse_certificate(ca_pem, "CA certificate");
  if (!ca) return ca.error();
  return verify_chain(cert->get(), ca->get(), at);
}

}  // namespace oncoshare::node
