#include "privacy/pseudonym.hpp"

#include <sodium.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <iterator>

#include "core/key_file.hpp"
#include "core/sodium.hpp"

namespace oncoshare::privacy {

namespace {

constexpr std::string_view kKeyMagic = "oncoshare-key-v1 ";
constexpr std::size_t kHexChars = 2 * kKeyBytes;
constexpr std::size_t kMacBytes = crypto_auth_hmacsha256_BYTES;

std::array<std::uint8_t, kMacBytes> hmac(const Key& key, std::string_view message) {
  static_assert(crypto_auth_hmacsha256_KEYBYTES == kKeyBytes);
  std::array<std::uint8_t, kMacBytes> mac{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key.bytes().data(), key.bytes().size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  return mac;
}

std::string to_hex(const std::uint8_t* bytes, std::size_t size) {
  std::string hex(2 * size + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

core::Error key_error(const std::string& path, std::string message) {
  return core::bad_input("key file: " + std::move(message), core::Location{path});
}

// Trailing newline(s) and carriage returns are tolerated; anything else is a format error.
std::string_view trim_line_end(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

}  // namespace

// Every key, generated or loaded, starts here, so the functions taking one run initialised.
Key::Key() { core::ensure_sodium(); }
Key::~Key() { sodium_memzero(bytes_.data(), bytes_.size()); }
Key::Key(Key&& other) noexcept : bytes_(other.bytes_) {
  sodium_memzero(other.bytes_.data(), other.bytes_.size());
}
Key& Key::operator=(Key&& other) noexcept {
  if (this != &other) {
    bytes_ = other.bytes_;
    sodium_memzero(other.bytes_.data(), other.bytes_.size());
  }
  return *this;
}

Key Key::generate() {
  Key key;
  randombytes_buf(key.bytes_.data(), key.bytes_.size());
  return key;
}

core::Result<Key> Key::load(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return core::io_error(fmt::format("key file: cannot open: {}", std::strerror(errno)),
                          core::Location{path});
  }
  if (!S_ISREG(info.st_mode)) return key_error(path, "not a regular file");
  if ((info.st_mode & 077) != 0) {
    return key_error(path, fmt::format("permissions {:04o} allow group/other access; "
                                       "run 'chmod 600 {}'",
                                       info.st_mode & 07777, path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return core::io_error(fmt::format("key file: cannot open: {}", std::strerror(errno)),
                          core::Location{path});
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string_view line = trim_line_end(text);
  Key key;
  if (line.substr(0, kKeyMagic.size()) != kKeyMagic) {
    sodium_memzero(text.data(), text.size());
    return key_error(path, "bad format: expected 'oncoshare-key-v1 <64 hex digits>'");
  }
  const std::string_view hex = line.substr(kKeyMagic.size());
  if (hex.size() != kHexChars) {
    const std::size_t found = hex.size();
    sodium_memzero(text.data(), text.size());
    return key_error(path, fmt::format("wrong size: expected {} bytes ({} hex digits), found {} "
                                       "hex digits",
                                       kKeyBytes, kHexChars, found));
  }
  std::size_t decoded = 0;
  const char* end = nullptr;
  const int rc = sodium_hex2bin(key.bytes_.data(), key.bytes_.size(), hex.data(), hex.size(),
                                nullptr, &decoded, &end);
  sodium_memzero(text.data(), text.size());
  if (rc != 0 || decoded != kKeyBytes || end != hex.data() + hex.size()) {
    return key_error(path, "bad format: the key is not 64 hexadecimal digits");
  }
  return key;
}

core::Status Key::save(const std::string& path, core::ExistingKey existing) const {
  std::string text(kKeyMagic);
  text += to_hex(bytes_.data(), bytes_.size());
  text += '\n';
  auto status = core::write_key_file(path, text, 0600, existing);
  sodium_memzero(text.data(), text.size());
  return status;
}

std::string pseudonym(const Key& key, std::string_view identifier) {
  auto mac = hmac(key, identifier);
  return to_hex(mac.data(), mac.size());
}

std::string pseudonym(const Key& site_key, const Key& project_key, std::string_view identifier) {
  return pseudonym(project_key, pseudonym(site_key, identifier));
}

std::int32_t date_shift_days(const Key& key, std::string_view patient_pseudonym,
                             std::int32_t max_days) {
  if (max_days < 1) max_days = 1;
  // 2*max_days outcomes: [-max_days, -1] and [1, max_days]. Rejection sampling over a
  // counter-extended HMAC stream keeps the draw exactly uniform.
  const std::uint64_t outcomes = 2 * static_cast<std::uint64_t>(max_days);
  const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % outcomes);
  for (std::uint32_t counter = 0;; ++counter) {
    const std::string message =
        fmt::format("oncoshare-date-shift-v1\x1f{}\x1f{}", patient_pseudonym, counter);
    auto mac = hmac(key, message);
    std::uint64_t draw = 0;
    for (std::size_t i = 0; i < 8; ++i) draw = (draw << 8) | mac[i];
    sodium_memzero(mac.data(), mac.size());
    if (draw >= limit) continue;
    const auto r = static_cast<std::int64_t>(draw % outcomes);
    return static_cast<std::int32_t>(r < max_days ? r - max_days : r - max_days + 1);
  }
}

}  // namespace oncoshare::privacy
