// Internal OpenSSL helpers for node/: owning pointers, PEM I/O, error text, SHA-256.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace oncoshare::node::detail {

struct PkeyFree { void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); } };
struct X509Free { void operator()(X509* p) const { X509_free(p); } };
struct MdCtxFree { void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); } };
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

// The most recent OpenSSL error queue entry as text (and clears the queue).
[[nodiscard]] std::string openssl_error();

// PEM encodings. The private key is unencrypted PKCS#8 (protect the file with 0600).
[[nodiscard]] std::string private_key_pem(EVP_PKEY* key);
[[nodiscard]] std::string public_key_pem(EVP_PKEY* key);
[[nodiscard]] std::string certificate_pem(X509* cert);

// Parse PEM text; `what` names the source in errors.
[[nodiscard]] core::Result<PkeyPtr> parse_private_key(std::string_view pem, const std::string& what);
[[nodiscard]] core::Result<PkeyPtr> parse_public_key(std::string_view pem, const std::string& what);
[[nodiscard]] core::Result<X509Ptr> parse_certificate(std::string_view pem, const std::string& what);

// Whole-file reads for key and certificate files.
[[nodiscard]] core::Result<std::string> read_text_file(const std::string& path);

// SHA-256 of `bytes`, lowercase hex (64 characters).
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

// SHA-256 of the certificate's DER encoding, lowercase hex ("" when it cannot be encoded).
[[nodiscard]] std::string certificate_fingerprint(X509* cert);
// SHA-256 (hex) of the DER SubjectPublicKeyInfo of `key` (its public half); "" on failure.
[[nodiscard]] std::string public_key_fingerprint(EVP_PKEY* key);

// Lowercase hex and its inverse (nullopt-free: returns an error on odd length or bad digits).
[[nodiscard]] std::string to_hex(std::string_view bytes);
[[nodiscard]] core::Result<std::string> from_hex(std::string_view hex);

// Signs `message` (Ed25519: pure; EC keys: ECDSA over SHA-256). Returns the DER/raw signature.
[[nodiscard]] core::Result<std::string> sign(EVP_PKEY* key, std::string_view message);
// True when `signature` is valid for `message` under `key`'s public half.
[[nodiscard]] bool verify_signature(EVP_PKEY* key, std::string_view message, std::string_view signature);

}  // namespace oncoshare::node::detail
