#include "crypt4gh/stream.hpp"

#include <sodium.h>

#include <array>
#include <memory>
#include <vector>

#include "crypt4gh/detail/batch_pipeline.hpp"
#include "crypt4gh/detail/bytes.hpp"
#include "crypt4gh/detail/in_place_segments.hpp"
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

// encrypt() between two regular files: every core reads, seals and writes its own segments.
core::Status encrypt_in_place(FilePosition from, FilePosition to, Sink& out, const SegmentEncryptor& encryptor,
                              const Range& range) {
  const core::Result<std::uint64_t> size = detail::file_size(from);
  if (!size) return size.error();
  const std::uint64_t start = from.offset + range.start;
  const std::uint64_t available = start < *size ? *size - start : 0;
  detail::InPlaceJob job{.in = {from.fd, start, from.name},
                         .in_bytes = range.length ? std::min(*range.length, available) : available,
                         .in_segment = kSegmentBytes,
                         .out = std::move(to),
                         .out_segment = kCipherSegmentBytes,
                         .out_capacity = kCipherSegmentBytes};
  core::Result<detail::InPlaceRun> run = detail::run_in_place(
      job, [&](std::uint64_t index, std::span<const std::uint8_t> plain, std::span<std::uint8_t> sealed) {
        return std::optional(encryptor.encrypt(index, plain, sealed));
      });
  if (!run) return run.error();
  // Without a length, encrypt() reads to the end: a file that grew meanwhile would lose its tail.
  if (const core::Result<std::uint64_t> now = detail::file_size(from); !range.length && (!now || *now != *size)) {
    return bad(from.name, "the file changed size while it was encrypted");
  }
  return seal_final_empty_segment(out, encryptor, run->segments, run->last_in_bytes);
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
  if (std::optional<FilePosition> from = in.in_place()) {
    if (std::optional<FilePosition> to = out.in_place()) return encrypt_in_place(*from, *to, out, encryptor, range);
  }
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
