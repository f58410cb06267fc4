// libFuzzer target for the Crypt4GH readers: any bytes as an encrypted file (decrypted with
// a fixed key, whole or a range of it), a public or private key file, or a --range value must
// give a result or an error naming the input, never a crash. The first byte picks the reader.
// The seeds in corpus/crypt4gh/ are files encrypted for the reference's unprotected test key
// (tests/crypt4gh/data/ref-none.sec): method 0, method 1, an edit list.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "crypt4gh/crypt4gh.hpp"

namespace c4gh = oncoshare::crypt4gh;

namespace {

constexpr std::string_view kReaderKey =
    "-----BEGIN CRYPT4GH PRIVATE KEY-----\n"
    "YzRnaC12MQAEbm9uZQAEbm9uZQAgmofCYZViyLNkfHRbRFkLB5CfVclaG7BhWpBhYaClVUwAFW1hZGUgYnkgdGhlIHJlZmVyZW5jZQ==\n"
    "-----END CRYPT4GH PRIVATE KEY-----\n";

// Key files asking for a passphrase get none, so no input runs a KDF of its own choosing.
c4gh::PassphraseCallback no_passphrase() {
  return [] { return oncoshare::core::Result<std::string>(oncoshare::core::bad_input("no passphrase")); };
}

const c4gh::SecretKey& reader() {
  static const c4gh::SecretKey key = std::move(*c4gh::parse_secret_key(kReaderKey, no_passphrase(), "ref-none.sec"));
  return key;
}

void decrypt(std::string_view file, std::optional<c4gh::Range> range) {
  c4gh::StringSource in(file, "fuzz.c4gh");
  c4gh::StringSink out;
  (void)c4gh::decrypt(in, out, reader(), std::nullopt, range);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0: decrypt(text, std::nullopt); break;
    case 1: decrypt(text, c4gh::Range{100, 1000}); break;
    case 2: (void)c4gh::parse_public_key(text, "fuzz.pub"); break;
    case 3: (void)c4gh::parse_secret_key(text, no_passphrase(), "fuzz.sec"); break;
    default: (void)c4gh::parse_range(text); break;
  }
  return 0;
}
