// Keyed pseudonyms and per-patient date shifts. Keys are 256-bit files with mode 0600.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/key_file.hpp"
#include "core/result.hpp"

namespace oncoshare::privacy {

inline constexpr std::size_t kKeyBytes = 32;

// A secret key. Not copyable; wiped on destruction.
class Key {
 public:
  Key();
  ~Key();
  Key(Key&&) noexcept;
  Key& operator=(Key&&) noexcept;
  Key(const Key&) = delete;
  Key& operator=(const Key&) = delete;

  // A fresh random key (libsodium randombytes).
  [[nodiscard]] static Key generate();
  // Reads a key file written by save(): exactly kKeyBytes bytes, hex-encoded on one line
  // ("oncoshare-key-v1 <64 hex>"), owned by the user with no group/other permissions.
  // Errors name the file and say what is wrong (size, permissions, format).
  [[nodiscard]] static core::Result<Key> load(const std::string& path);
  // Writes the key atomically with mode 0600. An existing `path` is refused, or with
  // replace_keeping_backup replaced and kept as NAME.bak (see core/key_file.hpp).
  [[nodiscard]] core::Status save(const std::string& path,
                                  core::ExistingKey existing = core::ExistingKey::refuse) const;

  [[nodiscard]] const std::array<std::uint8_t, kKeyBytes>& bytes() const { return bytes_; }

 private:
  std::array<std::uint8_t, kKeyBytes> bytes_{};
};

// HMAC-SHA256(key, identifier), lower-case hex (64 characters). Deterministic.
[[nodiscard]] std::string pseudonym(const Key& key, std::string_view identifier);

// Two-stage pseudonym: the site applies its key, the project (archive) applies its own to
// the site's pseudonym, so neither alone can link the result back to the identifier.
[[nodiscard]] std::string pseudonym(const Key& site_key, const Key& project_key,
                                    std::string_view identifier);

// Per-patient date offset in days, derived from the key and the patient's pseudonym:
// uniform in [-max_days, max_days] \ {0}. The same for every date of the patient, so
// intervals between their events are preserved.
[[nodiscard]] std::int32_t date_shift_days(const Key& key, std::string_view patient_pseudonym,
                                           std::int32_t max_days = 365);

}  // namespace oncoshare::privacy
