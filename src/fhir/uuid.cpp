#include "fhir/uuid.hpp"

#include <openssl/sha.h>

namespace oncoshare::fhir {

std::string uuid_v5(const UuidBytes& name_space, std::string_view name) {
  // The one-shot SHA1() is not deprecated in OpenSSL 3 (SHA1_Init and friends are).
  std::string message(reinterpret_cast<const char*>(name_space.data()), name_space.size());
  message.append(name);
  std::array<unsigned char, SHA_DIGEST_LENGTH> digest{};
  SHA1(reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest.data());
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0F) | 0x50);  // version 5
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xF]);
  }
  return out;
}

}  // namespace oncoshare::fhir
