// Shared helpers for the crypt4gh tests: fixture paths, passphrases, file I/O.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "crypt4gh/crypt4gh.hpp"

namespace oncoshare::crypt4gh::test {

inline std::string data(const std::string& name) {
  return std::string(ONCOSHARE_SOURCE_DIR) + "/tests/crypt4gh/data/" + name;
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// passphrases.txt: "<key file> <passphrase or ->".
inline std::string passphrase_of(const std::string& key) {
  std::istringstream in(slurp(data("passphrases.txt")));
  std::string name, pass;
  while (in >> name >> pass) {
    if (name == key) return pass == "-" ? "" : pass;
  }
  ADD_FAILURE() << "no passphrase recorded for " << key;
  return "";
}

inline PassphraseCallback fixed(const std::string& pass) {
  return [pass] { return core::Result<std::string>(pass); };
}

inline SecretKey fixture_secret(const std::string& key) {
  core::Result<SecretKey> sk = read_secret_key(data(key), fixed(passphrase_of(key)));
  if (!sk) ADD_FAILURE() << sk.error().to_string();
  return std::move(*sk);
}

inline PublicKey fixture_public(const std::string& key) {
  core::Result<PublicKey> pk = read_public_key(data(key));
  if (!pk) ADD_FAILURE() << pk.error().to_string();
  return *pk;
}

inline std::string sha256(std::string_view bytes) {
  ChecksummingSink sink;
  (void)sink.write(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
  return sink.finish().sha256;
}

// Decrypts `ciphertext` in memory; the error message on failure.
inline core::Result<std::string> decrypt_string(std::string_view ciphertext, const SecretKey& sk,
                                                std::optional<PublicKey> sender = std::nullopt,
                                                std::optional<Range> range = std::nullopt) {
  StringSource in(ciphertext, "in.c4gh");
  StringSink out;
  core::Result<DecryptSummary> r = decrypt(in, out, sk, sender, range);
  if (!r) return r.error();
  return out.str();
}

inline std::string encrypt_string(std::string_view plain, const SecretKey& writer, std::vector<PublicKey> to,
                                  DataMethod method = DataMethod::chacha20_ietf_poly1305, const Range& range = {}) {
  StringSource in(plain);
  StringSink out;
  EXPECT_TRUE(encrypt(in, out, writer, to, range, method));
  return out.str();
}

// The header of `ciphertext` as `reader` sees it.
inline Header read_header(std::string_view ciphertext, const SecretKey& reader) {
  StringSource in(ciphertext, "in.c4gh");
  core::Result<SealedHeader> sealed = read_sealed_header(in);
  EXPECT_TRUE(sealed);
  core::Result<Header> header = HeaderReader(reader).read(*sealed, "in.c4gh");
  EXPECT_TRUE(header) << header.error().to_string();
  return std::move(*header);
}

}  // namespace oncoshare::crypt4gh::test
