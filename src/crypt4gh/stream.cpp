#include "crypt4gh/stream.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <memory>
#include <vector>

#include "crypt4gh/header.hpp"
#include "crypt4gh/segment.hpp"

namespace oncoshare::crypt4gh {

namespace {

core::Error bad(const std::string& source, std::string message) {
  return core::bad_input(std::move(message), core::Location{source});
}

core::Status write_string(Sink& out, std::string_view s) {
  return out.write(std::span(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
}

// Reads and drops `n` bytes of `in`; false if the input ends first.
core::Result<bool> skip(Source& in, std::uint64_t n, std::span<std::uint8_t> scratch) {
  while (n > 0) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(n, scratch.size()));
    core::Result<std::size_t> got = in.read(scratch.first(want));
    if (!got) return got.error();
    if (*got < want) return false;
    n -= want;
  }
  return true;
}

// Copies the rest of `in`, calling `keep(index)` per cipher segment to decide.
template <class Keep>
core::Status copy_segments(Source& in, Sink& out, Keep keep) {
  std::vector<std::uint8_t> buffer(kCipherSegmentBytes);
  for (std::uint64_t index = 0;; ++index) {
    core::Result<std::size_t> got = in.read(buffer);
    if (!got) return got.error();
    if (*got == 0) return {};
    if (keep(index)) ONCOSHARE_TRY(out.write(std::span(buffer).first(*got)));
    if (*got < buffer.size()) return {};
  }
}

// The packets of `sealed` that `reader` opens; error if none.
core::Result<std::vector<std::string>> open_packets(const SealedHeader& sealed, const SecretKey& reader,
                                                    const std::string& source, std::vector<std::string>* unopened) {
  HeaderReader header_reader(reader);
  std::vector<std::string> opened;
  for (const std::string& packet : sealed.packets) {
    if (auto plain = header_reader.open(packet)) {
      opened.push_back(std::move(*plain));
    } else if (unopened != nullptr) {
      unopened->push_back(packet);
    }
  }
  if (opened.empty()) {
    return bad(source, "no header packet could be decrypted with this private key (wrong key, or a modified header)");
  }
  return opened;
}

void wipe(std::vector<std::string>& secrets) {
  for (std::string& s : secrets) sodium_memzero(s.data(), s.size());
}

}  // namespace

core::Status encrypt(Source& in, Sink& out, const SecretKey& writer, std::span<const PublicKey> recipients,
                     const Range& range) {
  if (recipients.empty()) return bad(in.name(), "no recipient public key given");
  SymmetricKey data_key = SymmetricKey::generate();
  const HeaderWriter header_writer(writer, std::vector<PublicKey>(recipients.begin(), recipients.end()));
  const std::string header = header_writer.write(data_key);
  // One sealed packet per recipient (crypto_kx refuses low-order keys).
  if (header.size() != kHeaderPreambleBytes + recipients.size() * (4 + 4 + kKeyBytes + kNonceBytes + 40 + kMacBytes)) {
    return bad(in.name(), "a recipient public key is invalid (low-order point)");
  }
  ONCOSHARE_TRY(write_string(out, header));
  const SegmentEncryptor encryptor(std::move(data_key));
  std::vector<std::uint8_t> plain(kSegmentBytes);
  std::vector<std::uint8_t> sealed(kCipherSegmentBytes);
  core::Result<bool> skipped = skip(in, range.start, plain);
  if (!skipped) return skipped.error();
  std::optional<std::uint64_t> left = range.length;
  while (!left || *left > 0) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(kSegmentBytes, left.value_or(kSegmentBytes)));
    core::Result<std::size_t> got = in.read(std::span(plain).first(want));
    if (!got) return got.error();
    if (*got == 0) break;
    const std::size_t n = encryptor.encrypt(std::span(plain).first(*got), sealed);
    ONCOSHARE_TRY(out.write(std::span(sealed).first(n)));
    if (left) *left -= *got;
    if (*got < want) break;
  }
  sodium_memzero(plain.data(), plain.size());
  return {};
}

core::Result<DecryptSummary> decrypt(Source& in, Sink& out, const SecretKey& reader, std::optional<PublicKey> sender,
                                     std::optional<Range> range) {
  core::Result<SealedHeader> sealed = read_sealed_header(in);
  if (!sealed) return sealed.error();
  core::Result<Header> header = HeaderReader(reader, sender).read(*sealed, in.name());
  if (!header) return header.error();
  DecryptSummary summary;
  summary.unopened_packets = header->unopened_packets;
  std::optional<EditList> edits;
  if (header->edit_list) edits.emplace(*header->edit_list);
  std::optional<EditList> window;
  if (range) window.emplace(EditList::from_range(*range));
  const SegmentDecryptor decryptor(std::move(header->data_keys));

  std::vector<std::uint8_t> sealed_segment(kCipherSegmentBytes);
  std::vector<std::uint8_t> plain(kSegmentBytes);
  core::Status write_status;
  auto emit = [&](std::span<const std::uint8_t> bytes) {
    if (!write_status) return;
    write_status = out.write(bytes);
    summary.plaintext_bytes += bytes.size();
  };
  auto windowed = [&](std::span<const std::uint8_t> bytes) {
    if (window) window->apply(bytes, emit); else emit(bytes);
  };
  std::uint64_t offset = sealed->size;
  for (std::uint64_t index = 0;; ++index) {
    core::Result<std::size_t> got = in.read(sealed_segment);
    if (!got) return got.error();
    if (*got == 0) break;
    if (*got <= kSegmentOverheadBytes) {
      return bad(in.name(), fmt::format("data segment {} (file offset {}): truncated to {} bytes "
                                        "(a segment has at least {})", index, offset, *got, kSegmentOverheadBytes + 1));
    }
    const std::optional<std::size_t> n = decryptor.decrypt(std::span(sealed_segment).first(*got), plain);
    if (!n) {
      return bad(in.name(), fmt::format("data segment {} (file offset {}): authentication failed (wrong key, "
                                        "or the segment was modified, truncated or moved)", index, offset));
    }
    ++summary.segments;
    const auto chunk = std::span<const std::uint8_t>(plain).first(*n);
    if (edits) edits->apply(chunk, windowed); else windowed(chunk);
    if (!write_status) return write_status.error();
    offset += *got;
    if (*got < sealed_segment.size()) {
      // A short segment must be the last one; anything after it means spliced data.
      std::uint8_t probe = 0;
      core::Result<std::size_t> more = in.read(std::span(&probe, 1));
      if (!more) return more.error();
      if (*more != 0) return bad(in.name(), fmt::format("data segment {} (file offset {}): unexpected data after "
                                                          "the final short segment", index + 1, offset));
      break;
    }
  }
  sodium_memzero(plain.data(), plain.size());
  return summary;
}

core::Status reencrypt(Source& in, Sink& out, const SecretKey& reader, std::span<const PublicKey> recipients,
                       bool trim) {
  if (recipients.empty()) return bad(in.name(), "no recipient public key given");
  core::Result<SealedHeader> sealed = read_sealed_header(in);
  if (!sealed) return sealed.error();
  std::vector<std::string> unopened;
  core::Result<std::vector<std::string>> opened = open_packets(*sealed, reader, in.name(), &unopened);
  if (!opened) return opened.error();
  const HeaderWriter writer(reader, std::vector<PublicKey>(recipients.begin(), recipients.end()));
  std::vector<std::string> packets;
  for (const std::string& plain : *opened) {
    std::vector<std::string> resealed = writer.seal(plain);
    packets.insert(packets.end(), resealed.begin(), resealed.end());
  }
  wipe(*opened);
  if (!trim) packets.insert(packets.end(), unopened.begin(), unopened.end());
  ONCOSHARE_TRY(write_string(out, serialize_header(packets)));
  return copy_segments(in, out, [](std::uint64_t) { return true; });
}

core::Status rearrange(Source& in, Sink& out, const SecretKey& reader, const Range& range) {
  if (range.start == 0 && !range.length) return bad(in.name(), "nothing to rearrange: the range is the whole file");
  core::Result<SealedHeader> sealed = read_sealed_header(in);
  if (!sealed) return sealed.error();
  core::Result<std::vector<std::string>> opened = open_packets(*sealed, reader, in.name(), nullptr);
  if (!opened) return opened.error();
  const HeaderWriter writer(reader, {reader.public_key()});
  std::vector<std::string> packets;
  for (const std::string& plain : *opened) {
    if (plain.size() >= 4 && plain[0] == 1 && plain[1] == 0 && plain[2] == 0 && plain[3] == 0) {
      wipe(*opened);
      return bad(in.name(), "the file already has an edit list; rearranging it again is not supported");
    }
    std::vector<std::string> resealed = writer.seal(plain);
    packets.insert(packets.end(), resealed.begin(), resealed.end());
  }
  wipe(*opened);
  const std::uint64_t first = range.start / kSegmentBytes;
  std::vector<std::uint64_t> edit{range.start % kSegmentBytes};
  std::optional<std::uint64_t> last;  // last segment index holding selected bytes
  if (range.length) {
    edit.push_back(*range.length);
    last = (range.start + *range.length - 1) / kSegmentBytes;
  }
  std::vector<std::string> edit_packets = writer.seal(make_edit_list_packet(edit));
  packets.insert(packets.end(), edit_packets.begin(), edit_packets.end());
  ONCOSHARE_TRY(write_string(out, serialize_header(packets)));
  return copy_segments(in, out, [&](std::uint64_t index) { return index >= first && (!last || index <= *last); });
}

}  // namespace oncoshare::crypt4gh
