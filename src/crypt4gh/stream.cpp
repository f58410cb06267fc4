#include "crypt4gh/stream.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <array>
#include <memory>
#include <vector>

#include "crypt4gh/detail/batch_pipeline.hpp"
#include "crypt4gh/detail/bytes.hpp"
#include "crypt4gh/detail/segment_batches.hpp"
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

// What copy_segments wrote.
struct Copied {
  std::uint64_t segments = 0;
  std::size_t last_plain_bytes = 0;  // plaintext size of the last segment written
};

// Copies the rest of `in`, calling `keep(index)` per cipher segment to decide. Only the
// header changed, so there is no crypto here: it reads a batch of segments at a time.
template <class Keep>
core::Result<Copied> copy_segments(Source& in, Sink& out, Keep keep) {
  std::vector<std::uint8_t> buffer(detail::kSealedBatchBytes);
  Copied copied;
  std::uint64_t index = 0;
  for (;;) {
    core::Result<std::size_t> got = in.read(buffer);
    if (!got) return got.error();
    const auto data = std::span<const std::uint8_t>(buffer).first(*got);
    for (std::size_t at = 0; at < data.size(); at += kCipherSegmentBytes, ++index) {
      const auto segment = data.subspan(at, std::min(kCipherSegmentBytes, data.size() - at));
      if (!keep(index)) continue;
      ONCOSHARE_TRY(out.write(segment));
      ++copied.segments;
      copied.last_plain_bytes = segment.size() > kSegmentOverheadBytes ? segment.size() - kSegmentOverheadBytes : 0;
    }
    if (*got < buffer.size()) return copied;
  }
}

// Method 1's terminator: an empty segment at `index` when the data so far ends on a boundary.
core::Status seal_final_empty_segment(Sink& out, const SegmentEncryptor& encryptor, std::uint64_t index,
                                      std::size_t last_plain_bytes) {
  if (!needs_final_empty_segment(encryptor.method(), index, last_plain_bytes)) return {};
  std::array<std::uint8_t, kSegmentOverheadBytes> sealed{};
  std::array<std::uint8_t, 1> none{};
  const std::size_t n = encryptor.encrypt(index, std::span(none).first(0), sealed);
  return out.write(std::span(sealed).first(n));
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
                     const Range& range, DataMethod method) {
  if (recipients.empty()) return bad(in.name(), "no recipient public key given");
  DataKey data_key = DataKey::generate(method);
  const HeaderWriter header_writer(writer, std::vector<PublicKey>(recipients.begin(), recipients.end()));
  const std::string header = header_writer.write(data_key);
  // One sealed packet per recipient (crypto_kx refuses low-order keys): length, method, K_pw, nonce, packet, MAC.
  const std::size_t sealed_packet = 4 + 4 + kKeyBytes + kNonceBytes + data_key_packet_bytes(method) + kMacBytes;
  if (header.size() != kHeaderPreambleBytes + recipients.size() * sealed_packet) {
    return bad(in.name(), "a recipient public key is invalid (low-order point)");
  }
  ONCOSHARE_TRY(write_string(out, header));
  const SegmentEncryptor encryptor(std::move(data_key));
  std::vector<std::uint8_t> scratch(kSegmentBytes);
  core::Result<bool> skipped = skip(in, range.start, scratch);
  sodium_memzero(scratch.data(), scratch.size());
  if (!skipped) return skipped.error();
  detail::BatchPipeline pipeline([&](detail::SegmentBatch& batch) { detail::seal_batch(encryptor, batch); },
                                 detail::kPlainBatchBytes, detail::kSealedBatchBytes);
  auto write_oldest = [&]() -> core::Status {
    const detail::SegmentBatch& done = pipeline.oldest();
    for (const auto segment : detail::segments_of(std::span(done.out).first(done.out_bytes), kCipherSegmentBytes)) {
      ONCOSHARE_TRY(out.write(segment));
    }
    pipeline.pop();
    return {};
  };
  std::optional<std::uint64_t> left = range.length;
  std::uint64_t index = 0;
  std::size_t last = 0;  // plaintext bytes of the last segment
  while (!left || *left > 0) {
    if (pipeline.full()) ONCOSHARE_TRY(write_oldest());
    detail::SegmentBatch& batch = pipeline.slot();
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(batch.in.size(), left.value_or(batch.in.size())));
    core::Result<std::size_t> got = in.read(std::span(batch.in).first(want));
    if (!got) return got.error();
    if (*got == 0) break;
    batch.first_index = index;
    batch.in_bytes = *got;
    const std::uint64_t segments = detail::segments_in(*got, kSegmentBytes);
    index += segments;
    last = *got - static_cast<std::size_t>(segments - 1) * kSegmentBytes;
    pipeline.submit();
    if (left) *left -= *got;
    if (*got < want) break;
  }
  while (!pipeline.empty()) ONCOSHARE_TRY(write_oldest());
  return seal_final_empty_segment(out, encryptor, index, last);
}

core::Result<DecryptSummary> decrypt(Source& in, Sink& out, const SecretKey& reader, std::optional<PublicKey> sender,
                                     std::optional<Range> range) {
  core::Result<SealedHeader> sealed = read_sealed_header(in);
  if (!sealed) return sealed.error();
  core::Result<Header> header = HeaderReader(reader, sender).read(*sealed, in.name());
  if (!header) return header.error();
  DecryptSummary summary;
  summary.unopened_packets = header->unopened_packets;
  summary.method = header->data_keys.front().method;
  std::optional<EditList> edits;
  if (header->edit_list) edits.emplace(*header->edit_list);
  std::optional<EditList> window;
  if (range) window.emplace(EditList::from_range(*range));
  const SegmentDecryptor decryptor(std::move(header->data_keys));
  const std::uint64_t data_start = sealed->size;
  auto offset_of = [&](std::uint64_t index) { return data_start + index * kCipherSegmentBytes; };

  core::Status write_status;
  auto emit = [&](std::span<const std::uint8_t> bytes) {
    if (!write_status) return;
    write_status = out.write(bytes);
    summary.plaintext_bytes += bytes.size();
  };
  auto windowed = [&](std::span<const std::uint8_t> bytes) {
    if (window) window->apply(bytes, emit); else emit(bytes);
  };
  detail::BatchPipeline pipeline([&](detail::SegmentBatch& batch) { detail::open_batch(decryptor, batch); },
                                 detail::kSealedBatchBytes, detail::kPlainBatchBytes);
  // Writes the oldest batch's authenticated plaintext, then reports its failed segment, if any.
  auto write_oldest = [&]() -> core::Status {
    const detail::SegmentBatch& done = pipeline.oldest();
    summary.segments += done.segments_done;
    for (const auto chunk : detail::segments_of(std::span(done.out).first(done.out_bytes), kSegmentBytes)) {
      if (edits) edits->apply(chunk, windowed); else windowed(chunk);
      if (!write_status) return write_status.error();
    }
    if (done.failed) {
      const std::uint64_t index = done.first_index + done.segments_done;
      return bad(in.name(), fmt::format("data segment {} (file offset {}): authentication failed (wrong key, "
                                        "or the segment was modified, truncated or moved)", index, offset_of(index)));
    }
    pipeline.pop();
    return {};
  };
  // Every segment read before a problem in the data's layout is checked (and written) first,
  // so errors come in file order.
  auto drain = [&]() -> core::Status {
    while (!pipeline.empty()) ONCOSHARE_TRY(write_oldest());
    return {};
  };
  auto drain_then = [&](core::Error error) -> core::Error {
    core::Status earlier = drain();
    return earlier ? std::move(error) : earlier.error();
  };
  std::uint64_t index = 0;
  for (;;) {
    if (pipeline.full()) ONCOSHARE_TRY(write_oldest());
    detail::SegmentBatch& batch = pipeline.slot();
    core::Result<std::size_t> got = in.read(batch.in);
    if (!got) return drain_then(got.error());
    const std::size_t tail = *got % kCipherSegmentBytes;  // a short final segment, if any
    const std::uint64_t whole = *got / kCipherSegmentBytes;
    if (tail > 0 && tail < decryptor.min_sealed_bytes()) {
      batch.in_bytes = *got - tail;
      batch.first_index = index;
      if (whole > 0) pipeline.submit();
      const std::uint64_t at = index + whole;
      return drain_then(bad(in.name(), fmt::format("data segment {} (file offset {}): truncated to {} bytes "
                                                   "(a segment has at least {})", at, offset_of(at), tail,
                                                   decryptor.min_sealed_bytes())));
    }
    if (*got > 0) {
      batch.in_bytes = *got;
      batch.first_index = index;
      pipeline.submit();
      index += whole + (tail > 0 ? 1 : 0);
    }
    if (*got == batch.in.size()) continue;
    if (tail > 0) {
      // A short segment must be the last one; anything after it means spliced data.
      std::uint8_t probe = 0;
      core::Result<std::size_t> more = in.read(std::span(&probe, 1));
      if (!more) return drain_then(more.error());
      if (*more != 0) {
        return drain_then(bad(in.name(), fmt::format("data segment {} (file offset {}): unexpected data after "
                                                     "the final short segment", index, offset_of(index - 1) + tail)));
      }
      break;
    }
    // Method 1 data always ends with a short (possibly empty) segment; a file ending on a
    // boundary lost its tail.
    ONCOSHARE_TRY(drain());
    if (needs_final_empty_segment(summary.method, index, index == 0 ? 0 : kSegmentBytes)) {
      return bad(in.name(), fmt::format("data segment {} (file offset {}): missing; the data ends on a segment "
                                        "boundary without its final segment (truncated)", index, offset_of(index)));
    }
    break;
  }
  ONCOSHARE_TRY(drain());
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
  core::Result<Copied> copied = copy_segments(in, out, [](std::uint64_t) { return true; });
  if (!copied) return copied.error();
  return {};
}

core::Status rearrange(Source& in, Sink& out, const SecretKey& reader, const Range& range) {
  if (range.start == 0 && !range.length) return bad(in.name(), "nothing to rearrange: the range is the whole file");
  core::Result<SealedHeader> sealed = read_sealed_header(in);
  if (!sealed) return sealed.error();
  core::Result<std::vector<std::string>> opened = open_packets(*sealed, reader, in.name(), nullptr);
  if (!opened) return opened.error();
  const std::uint64_t first = range.start / kSegmentBytes;
  const HeaderWriter writer(reader, {reader.public_key()});
  std::vector<std::string> packets;
  std::optional<DataKey> terminator_key;  // seals method 1's final empty segment, if one is needed
  for (std::size_t i = 0; i < opened->size(); ++i) {
    std::string& plain = (*opened)[i];
    const std::uint64_t type = plain.size() >= 8 ? detail::get_le(plain, 4) : ~std::uint64_t{0};
    if (type == 1) {
      wipe(*opened);
      return bad(in.name(), "the file already has an edit list; rearranging it again is not supported");
    }
    if (type == 0) {
      core::Result<DataKey> key = parse_data_key_packet(plain, i, in.name());
      if (!key) {
        wipe(*opened);
        return key.error();
      }
      // Kept segment k was segment first + k, so its AAD stays valid with sequence + first.
      key->sequence += first;
      sodium_memzero(plain.data(), plain.size());
      plain = make_data_key_packet(*key);
      if (!terminator_key) terminator_key = std::move(*key);
    }
    std::vector<std::string> resealed = writer.seal(plain);
    packets.insert(packets.end(), resealed.begin(), resealed.end());
  }
  wipe(*opened);
  std::vector<std::uint64_t> edit{range.start % kSegmentBytes};
  std::optional<std::uint64_t> last;  // last segment index holding selected bytes
  if (range.length) {
    edit.push_back(*range.length);
    last = (range.start + *range.length - 1) / kSegmentBytes;
  }
  std::vector<std::string> edit_packets = writer.seal(make_edit_list_packet(edit));
  packets.insert(packets.end(), edit_packets.begin(), edit_packets.end());
  ONCOSHARE_TRY(write_string(out, serialize_header(packets)));
  core::Result<Copied> copied =
      copy_segments(in, out, [&](std::uint64_t index) { return index >= first && (!last || index <= *last); });
  if (!copied) return copied.error();
  if (!terminator_key) return {};
  return seal_final_empty_segment(out, SegmentEncryptor(std::move(*terminator_key)), copied->segments,
                                  copied->last_plain_bytes);
}

}  // namespace oncoshare::crypt4gh
