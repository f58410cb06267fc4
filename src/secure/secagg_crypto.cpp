#include "secure/secagg_crypto.hpp"

#include <sodium.h>

#include <bit>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace oncoshare::secure::secagg {

// Masks must be identical on every site: the keystream is read as little-endian words.
static_assert(std::endian::native == std::endian::little, "secure aggregation assumes a little-endian host");
static_assert(sizeof(u128) == kRingElementBytes);
static_assert(kSealedSharesBytes ==
              crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + 64 + crypto_aead_xchacha20poly1305_ietf_ABYTES);

namespace {

void put_u32(std::string& out, std::uint32_t v) {
  for (int k = 0; k < 4; ++k) out.push_back(static_cast<char>((v >> (8 * k)) & 0xff));
}

// "oncoshare.secagg.v1.shares" || from || to || aggregation.
std::string associated_data(std::string_view aggregation, std::uint32_t from, std::uint32_t to) {
  std::string ad = "oncoshare.secagg.v1.shares";
  put_u32(ad, from);
  put_u32(ad, to);
  ad.append(aggregation);
  return ad;
}

}  // namespace

SymmetricKey::~SymmetricKey() { sodium_memzero(bytes.data(), bytes.size()); }

X25519Key x25519_public(const Scalar& secret) {
  X25519Key pk{};
  crypto_scalarmult_base(pk.data(), secret.bytes.data());
  return pk;
}

core::Status x25519_shared(const Scalar& secret, const X25519Key& peer, std::uint32_t peer_index,
                           SymmetricKey& out) {
  if (crypto_scalarmult(out.bytes.data(), secret.bytes.data(), peer.data()) != 0) {
    return core::fail(core::Error{core::ErrorCode::check_failed,
                                  fmt::format("participant {}'s public key has low order", peer_index)});
  }
  return {};
}

void derive_key(std::span<const std::uint8_t, 32> secret, std::string_view domain, std::string_view aggregation,
                std::uint32_t a, std::uint32_t b, SymmetricKey& out) {
  std::string message;
  put_u32(message, static_cast<std::uint32_t>(domain.size()));
  message.append(domain);
  put_u32(message, static_cast<std::uint32_t>(aggregation.size()));
  message.append(aggregation);
  put_u32(message, a);
  put_u32(message, b);
  crypto_generichash(out.bytes.data(), out.bytes.size(), reinterpret_cast<const unsigned char*>(message.data()),
                     message.size(), secret.data(), secret.size());
}

void apply_mask(std::span<u128> acc, const SymmetricKey& key, bool subtract) {
  // Bounded memory: the keystream is produced 1,024 words (256 ChaCha blocks) at a time.
  constexpr std::size_t kChunk = 1024;
  constexpr std::uint64_t kBlocksPerChunk = kChunk * sizeof(u128) / 64;
  static const std::array<unsigned char, crypto_stream_xchacha20_NONCEBYTES> nonce{};
  std::vector<u128> stream(std::min(kChunk, acc.size()));
  for (std::size_t start = 0, chunk = 0; start < acc.size(); start += kChunk, ++chunk) {
    const std::size_t count = std::min(kChunk, acc.size() - start);
    std::memset(stream.data(), 0, count * sizeof(u128));
    auto* bytes = reinterpret_cast<unsigned char*>(stream.data());
    crypto_stream_xchacha20_xor_ic(bytes, bytes, count * sizeof(u128), nonce.data(), chunk * kBlocksPerChunk,
                                   key.bytes.data());
    if (subtract) {
      for (std::size_t k = 0; k < count; ++k) acc[start + k] -= stream[k];
    } else {
      for (std::size_t k = 0; k < count; ++k) acc[start + k] += stream[k];
    }
  }
  sodium_memzero(stream.data(), stream.size() * sizeof(u128));
}

std::array<std::uint8_t, kSealedSharesBytes> seal_shares(const SymmetricKey& key, std::span<const std::uint8_t, 64> plain,
                                                         std::string_view aggregation, std::uint32_t from,
                                                         std::uint32_t to) {
  std::array<std::uint8_t, kSealedSharesBytes> out{};
  randombytes_buf(out.data(), crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  const std::string ad = associated_data(aggregation, from, to);
  crypto_aead_xchacha20poly1305_ietf_encrypt(out.data() + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, nullptr,
                                             plain.data(), plain.size(),
                                             reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr,
                                             out.data(), key.bytes.data());
  return out;
}

bool open_shares(const SymmetricKey& key, const std::array<std::uint8_t, kSealedSharesBytes>& sealed,
                 std::string_view aggregation, std::uint32_t from, std::uint32_t to, std::span<std::uint8_t, 64> plain) {
  const std::string ad = associated_data(aggregation, from, to);
  constexpr std::size_t kNonce = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  return crypto_aead_xchacha20poly1305_ietf_decrypt(plain.data(), nullptr, nullptr, sealed.data() + kNonce,
                                                    sealed.size() - kNonce,
                                                    reinterpret_cast<const unsigned char*>(ad.data()), ad.size(),
                                                    sealed.data(), key.bytes.data()) == 0;
}

}  // namespace oncoshare::secure::secagg
