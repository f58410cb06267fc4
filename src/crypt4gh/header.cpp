#include "crypt4gh/header.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>

#include "crypt4gh/detail/bytes.hpp"

namespace oncoshare::crypt4gh {

namespace {

constexpr std::uint32_t kPacketDataKey = 0;
constexpr std::uint32_t kPacketEditList = 1;
constexpr std::size_t kSealedPrefixBytes = 4 + kKeyBytes + kNonceBytes;  // method, K_pw, nonce
constexpr std::uint64_t kMaxPacketBytes = 1u << 24;   // guards memory against a forged length
constexpr std::uint64_t kMaxPackets = 1u << 16;

const std::uint8_t* bytes_of(std::string_view s) { return reinterpret_cast<const std::uint8_t*>(s.data()); }

core::Error bad(const std::string& source, std::string message) {
  return core::bad_input(std::move(message), core::Location{source});
}

core::Result<std::string> read_exactly(Source& in, std::size_t n, std::string_view what) {
  std::string buffer(n, '\0');
  core::Result<std::size_t> got = in.read(std::span(reinterpret_cast<std::uint8_t*>(buffer.data()), n));
  if (!got) return got.error();
  if (*got != n) {
    return bad(in.name(), fmt::format("truncated header: {} needs {} bytes, only {} left", what, n, *got));
  }
  return buffer;
}

}  // namespace

std::string make_data_key_packet(const DataKey& data_key) {
  std::string packet;
  detail::put_le(packet, kPacketDataKey, 4);
  detail::put_le(packet, static_cast<std::uint32_t>(data_key.method), 4);
  packet.append(reinterpret_cast<const char*>(data_key.key.bytes().data()), kKeyBytes);
  if (data_key.method == DataMethod::chacha20_ietf_poly1305_with_aead) detail::put_le(packet, data_key.sequence, 8);
  return packet;
}

std::size_t data_key_packet_bytes(DataMethod method) {
  return 8 + kKeyBytes + (method == DataMethod::chacha20_ietf_poly1305_with_aead ? 8 : 0);
}

core::Result<DataKey> parse_data_key_packet(std::string_view p, std::size_t index, const std::string& source) {
  const std::uint64_t method = detail::get_le(p.substr(4), 4);
  if (method != kDataEncryptionChaCha20 && method != kDataEncryptionChaCha20Aead) {
    return bad(source, fmt::format("header packet {}: unsupported data encryption method {}", index, method));
  }
  DataKey key;
  key.method = static_cast<DataMethod>(method);
  if (p.size() < data_key_packet_bytes(key.method)) {
    return bad(source, fmt::format("header packet {}: data key too short", index));
  }
  std::copy_n(bytes_of(p) + 8, kKeyBytes, key.key.bytes().begin());
  if (key.method == DataMethod::chacha20_ietf_poly1305_with_aead) key.sequence = detail::get_le(p.substr(8 + kKeyBytes), 8);
  return key;
}

std::string make_edit_list_packet(std::span<const std::uint64_t> lengths) {
  std::string packet;
  detail::put_le(packet, kPacketEditList, 4);
  detail::put_le(packet, lengths.size(), 4);
  for (std::uint64_t n : lengths) detail::put_le(packet, n, 8);
  return packet;
}

std::string serialize_header(const std::vector<std::string>& sealed_packets) {
  std::string out(kMagic);
  detail::put_le(out, kVersion, 4);
  detail::put_le(out, sealed_packets.size(), 4);
  for (const std::string& packet : sealed_packets) {
    detail::put_le(out, packet.size() + 4, 4);
    out.append(packet);
  }
  return out;
}

HeaderWriter::HeaderWriter(const SecretKey& writer, std::vector<PublicKey> recipients)
    : writer_(writer), writer_public_(writer.public_key()), recipients_(std::move(recipients)) {}

std::vector<std::string> HeaderWriter::seal(std::string_view plain_packet) const {
  std::vector<std::string> sealed;
  for (const PublicKey& recipient : recipients_) {
    std::array<std::uint8_t, crypto_kx_SESSIONKEYBYTES> unused{};
    std::array<std::uint8_t, crypto_kx_SESSIONKEYBYTES> shared{};
    // A degenerate (low-order) recipient key makes crypto_kx fail; the shared key stays zero
    // and must not be used, so such recipients are rejected when keys are parsed (see stream.cpp).
    const int rc = crypto_kx_server_session_keys(unused.data(), shared.data(), writer_public_.data(),
                                                 writer_.bytes().data(), recipient.data());
    std::string packet;
    detail::put_le(packet, kPacketEncryptionX25519ChaCha20, 4);
    packet.append(reinterpret_cast<const char*>(writer_public_.data()), kKeyBytes);
    packet.resize(kSealedPrefixBytes + plain_packet.size() + kMacBytes);
    auto* nonce = reinterpret_cast<std::uint8_t*>(packet.data()) + 4 + kKeyBytes;
    randombytes_buf(nonce, kNonceBytes);
    crypto_aead_chacha20poly1305_ietf_encrypt(nonce + kNonceBytes, nullptr, bytes_of(plain_packet),
                                              plain_packet.size(), nullptr, 0, nullptr, nonce, shared.data());
    sodium_memzero(shared.data(), shared.size());
    if (rc == 0) sealed.push_back(std::move(packet));
  }
  return sealed;
}

std::string HeaderWriter::write(const DataKey& data_key,
                                const std::optional<std::vector<std::uint64_t>>& edit_list) const {
  std::string plain = make_data_key_packet(data_key);
  std::vector<std::string> packets = seal(plain);
  sodium_memzero(plain.data(), plain.size());
  if (edit_list) {
    std::vector<std::string> edits = seal(make_edit_list_packet(*edit_list));
    packets.insert(packets.end(), edits.begin(), edits.end());
  }
  return serialize_header(packets);
}

core::Result<SealedHeader> read_sealed_header(Source& in) {
  core::Result<std::string> preamble = read_exactly(in, kHeaderPreambleBytes, "the magic, version and packet count");
  if (!preamble) return preamble.error();
  const std::string_view p(*preamble);
  if (p.substr(0, kMagic.size()) != kMagic) {
    return bad(in.name(), "not a Crypt4GH file (the first 8 bytes are not \"crypt4gh\")");
  }
  const std::uint64_t version = detail::get_le(p.substr(8), 4);
  if (version != kVersion) return bad(in.name(), fmt::format("unsupported Crypt4GH version {} (expected 1)", version));
  const std::uint64_t count = detail::get_le(p.substr(12), 4);
  if (count == 0 || count > kMaxPackets) return bad(in.name(), fmt::format("invalid header packet count {}", count));
  SealedHeader header;
  header.size = kHeaderPreambleBytes;
  for (std::uint64_t i = 0; i < count; ++i) {
    core::Result<std::string> length = read_exactly(in, 4, fmt::format("header packet {} length", i));
    if (!length) return length.error();
    const std::uint64_t n = detail::get_le(*length, 4);
    if (n < 8 || n > kMaxPacketBytes) {
      return bad(in.name(), fmt::format("header packet {}: invalid length {}", i, n));
    }
    core::Result<std::string> body = read_exactly(in, n - 4, fmt::format("header packet {}", i));
    if (!body) return body.error();
    header.packets.push_back(std::move(*body));
    header.size += n;
  }
  return header;
}

HeaderReader::HeaderReader(const SecretKey& reader, std::optional<PublicKey> sender)
    : reader_(reader), reader_public_(reader.public_key()), sender_(sender) {}

std::optional<std::string> HeaderReader::open(std::string_view sealed) const {
  if (sealed.size() < kSealedPrefixBytes + kMacBytes) return std::nullopt;
  if (detail::get_le(sealed, 4) != kPacketEncryptionX25519ChaCha20) return std::nullopt;
  const std::uint8_t* writer_pk = bytes_of(sealed) + 4;
  if (sender_ && sodium_memcmp(writer_pk, sender_->data(), kKeyBytes) != 0) return std::nullopt;
  std::array<std::uint8_t, crypto_kx_SESSIONKEYBYTES> shared{};
  std::array<std::uint8_t, crypto_kx_SESSIONKEYBYTES> unused{};
  if (crypto_kx_client_session_keys(shared.data(), unused.data(), reader_public_.data(), reader_.bytes().data(),
                                    writer_pk) != 0) {
    return std::nullopt;
  }
  const std::uint8_t* nonce = writer_pk + kKeyBytes;
  const std::size_t sealed_len = sealed.size() - kSealedPrefixBytes;
  std::string plain(sealed_len - kMacBytes, '\0');
  const int rc = crypto_aead_chacha20poly1305_ietf_decrypt(reinterpret_cast<std::uint8_t*>(plain.data()), nullptr,
                                                          nullptr, nonce + kNonceBytes, sealed_len, nullptr, 0,
                                                          nonce, shared.data());
  sodium_memzero(shared.data(), shared.size());
  if (rc != 0) return std::nullopt;
  return plain;
}

core::Result<Header> HeaderReader::read(const SealedHeader& sealed, const std::string& source) const {
  Header header;
  std::size_t opened = 0;
  std::optional<std::uint64_t> unsupported_method;
  for (std::size_t i = 0; i < sealed.packets.size(); ++i) {
    const std::uint64_t method = detail::get_le(sealed.packets[i], 4);
    if (method != kPacketEncryptionX25519ChaCha20) unsupported_method = method;
    std::optional<std::string> plain = open(sealed.packets[i]);
    if (!plain) {
      ++header.unopened_packets;
      continue;
    }
    ++opened;
    const std::string_view p(*plain);
    if (p.size() < 8) return bad(source, fmt::format("header packet {}: too short ({} bytes)", i, p.size()));
    const std::uint64_t type = detail::get_le(p, 4);
    if (type == kPacketDataKey) {
      core::Result<DataKey> key = parse_data_key_packet(p, i, source);
      sodium_memzero(plain->data(), plain->size());
      if (!key) return key.error();
      // The spec: mixed methods MUST be rejected (random access would be ambiguous).
      if (!header.data_keys.empty() && header.data_keys.front().method != key->method) {
        return bad(source, fmt::format("header packet {}: data encryption method {} differs from the method {} of an "
                                       "earlier data key (mixed methods are not allowed)", i,
                                       static_cast<std::uint32_t>(key->method),
                                       static_cast<std::uint32_t>(header.data_keys.front().method)));
      }
      header.data_keys.push_back(std::move(*key));
    } else if (type == kPacketEditList) {
      if (header.edit_list) return bad(source, "invalid header: more than one edit list packet");
      const std::uint64_t n = detail::get_le(p.substr(4), 4);
      if (p.size() - 8 < 8 * n) {
        return bad(source, fmt::format("header packet {}: edit list declares {} lengths in {} bytes", i, n, p.size() - 8));
      }
      std::vector<std::uint64_t> lengths;
      for (std::uint64_t k = 0; k < n; ++k) lengths.push_back(detail::get_le(p.substr(8 + 8 * k), 8));
      header.edit_list = std::move(lengths);
    } else {
      return bad(source, fmt::format("header packet {}: unsupported packet type {}", i, type));
    }
    sodium_memzero(plain->data(), plain->size());
  }
  if (opened == 0 && unsupported_method) {
    return bad(source, fmt::format("unsupported header packet encryption method {} (only 0, X25519 + "
                                   "ChaCha20-Poly1305, is supported)", *unsupported_method));
  }
  if (opened == 0) {
    return bad(source, fmt::format("none of the {} header packet(s) could be decrypted with this private key "
                                   "(wrong key, wrong sender, or a modified header)", sealed.packets.size()));
  }
  if (header.data_keys.empty()) return bad(source, "invalid header: no data encryption key packet");
  return header;
}

}  // namespace oncoshare::crypt4gh
