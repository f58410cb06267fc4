#include "dicom/uid_mapper.hpp"

#include <sodium.h>

#include <algorithm>

#include "core/sodium.hpp"

namespace oncoshare::dicom {

Uuid uid_uuid(const privacy::Key& key, std::string_view original) {
  core::ensure_sodium();
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key.bytes().data(), key.bytes().size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(kUidDomain.data()),
                                kUidDomain.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(original.data()),
                                original.size());
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  Uuid uuid{};
  std::copy_n(mac.begin(), uuid.size(), uuid.begin());
  uuid[6] = static_cast<std::uint8_t>((uuid[6] & 0x0F) | 0x80);  // version 8
  uuid[8] = static_cast<std::uint8_t>((uuid[8] & 0x3F) | 0x80);  // variant 10xx
  return uuid;
}

std::string uuid_decimal(const Uuid& value) {
  // Schoolbook division of the big-endian byte string by 10, one digit per pass.
  Uuid rest = value;
  std::string digits;
  const auto is_zero = [&rest] {
    return std::all_of(rest.begin(), rest.end(), [](std::uint8_t b) { return b == 0; });
  };
  do {
    unsigned remainder = 0;
    for (std::uint8_t& byte : rest) {
      const unsigned current = remainder << 8 | byte;
      byte = static_cast<std::uint8_t>(current / 10);
      remainder = current % 10;
    }
    digits.push_back(static_cast<char>('0' + remainder));
  } while (!is_zero());
  std::reverse(digits.begin(), digits.end());
  return digits;
}

std::string mapped_uid(const privacy::Key& key, std::string_view original) {
  return "2.25." + uuid_decimal(uid_uuid(key, original));
}

}  // namespace oncoshare::dicom
