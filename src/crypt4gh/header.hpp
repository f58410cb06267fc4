// The Crypt4GH header: magic, version, and header packets each sealed for one recipient with
// X25519 + ChaCha20-Poly1305-IETF (writer = crypto_kx server, reader = crypto_kx client).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "crypt4gh/keys.hpp"
#include "crypt4gh/stream_io.hpp"

namespace oncoshare::crypt4gh {

// Plaintext header packet builders (packet_type 0 and 1). A data key packet is type, method,
// key and, for method 1, the le_uint64 sequence number.
[[nodiscard]] std::string make_data_key_packet(const DataKey& data_key);
[[nodiscard]] std::size_t data_key_packet_bytes(DataMethod method);
// Interprets a plaintext data key packet (type already checked). Errors name `source` and the
// packet `index`: unsupported method, too short.
[[nodiscard]] core::Result<DataKey> parse_data_key_packet(std::string_view plain, std::size_t index,
                                                          const std::string& source);
[[nodiscard]] std::string make_edit_list_packet(std::span<const std::uint64_t> lengths);

// Serialises sealed packets (each without its length field) into a full header.
[[nodiscard]] std::string serialize_header(const std::vector<std::string>& sealed_packets);

class HeaderWriter {
 public:
  // Packets are sealed with `writer` (K_sw) for each recipient public key (K_pr).
  HeaderWriter(const SecretKey& writer, std::vector<PublicKey> recipients);

  // Seals one plaintext packet for every recipient (one sealed packet each).
  [[nodiscard]] std::vector<std::string> seal(std::string_view plain_packet) const;
  // A complete header carrying `data_key` and, if given, an edit list.
  [[nodiscard]] std::string write(const DataKey& data_key,
                                  const std::optional<std::vector<std::uint64_t>>& edit_list = {}) const;

 private:
  const SecretKey& writer_;
  PublicKey writer_public_;
  std::vector<PublicKey> recipients_;
};

// The sealed packets of a header, as read from a stream (length fields removed).
struct SealedHeader {
  std::vector<std::string> packets;
  std::uint64_t size = 0;  // bytes the header occupies in the file
};

// Reads the header from the start of `in`, leaving it at the first data segment.
[[nodiscard]] core::Result<SealedHeader> read_sealed_header(Source& in);

// What a reader learns from a header.
struct Header {
  std::vector<DataKey> data_keys;  // all of one method
  std::optional<std::vector<std::uint64_t>> edit_list;
  std::size_t unopened_packets = 0;  // for other recipients, or modified
};

class HeaderReader {
 public:
  // With `sender`, only packets whose writer key equals it are accepted.
  explicit HeaderReader(const SecretKey& reader, std::optional<PublicKey> sender = std::nullopt);

  // Opens one sealed packet; nullopt if it is not for this reader (or was modified).
  [[nodiscard]] std::optional<std::string> open(std::string_view sealed_packet) const;
  // Opens every packet and interprets them. Errors name `source`: no packet opens,
  // unsupported packet type or data method, mixed data methods, several edit lists,
  // malformed packets.
  [[nodiscard]] core::Result<Header> read(const SealedHeader& header, const std::string& source) const;

 private:
  const SecretKey& reader_;
  PublicKey reader_public_;
  std::optional<PublicKey> sender_;
};

}  // namespace oncoshare::crypt4gh
