// decrypt(): segments opened on worker threads (detail/batch_pipeline.hpp), the plaintext
// selected and written in order on the calling thread, errors reported in file order.
#include "crypt4gh/stream.hpp"

#include <fmt/format.h>

#include "crypt4gh/detail/batch_pipeline.hpp"
#include "crypt4gh/detail/segment_batches.hpp"
#include "crypt4gh/header.hpp"
#include "crypt4gh/segment.hpp"

namespace oncoshare::crypt4gh {

core::Result<DecryptSummary> decrypt(Source& in, Sink& out, const SecretKey& reader, std::optional<PublicKey> sender,
                                     std::optional<Range> range) {
  auto bad = [&](std::string message) { return core::bad_input(std::move(message), core::Location{in.name()}); };
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
      return bad(fmt::format("data segment {} (file offset {}): authentication failed (wrong key, "
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
      return drain_then(bad(fmt::format("data segment {} (file offset {}): truncated to {} bytes "
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
        return drain_then(bad(fmt::format("data segment {} (file offset {}): unexpected data after "
                                                     "the final short segment", index, offset_of(index - 1) + tail)));
      }
      break;
    }
    // Method 1 data always ends with a short (possibly empty) segment; a file ending on a
    // boundary lost its tail.
    ONCOSHARE_TRY(drain());
    if (needs_final_empty_segment(summary.method, index, index == 0 ? 0 : kSegmentBytes)) {
      return bad(fmt::format("data segment {} (file offset {}): missing; the data ends on a segment "
                                        "boundary without its final segment (truncated)", index, offset_of(index)));
    }
    break;
  }
  ONCOSHARE_TRY(drain());
  return summary;
}

}  // namespace oncoshare::crypt4gh
