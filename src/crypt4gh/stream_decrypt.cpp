// decrypt(): between two regular files with nothing to select, segments opened in place on
// every core (detail/in_place_segments.hpp); otherwise opened on worker threads
// (detail/batch_pipeline.hpp) with the plaintext selected and written in order on the calling
// thread. Either way errors are reported in file order.
#include "crypt4gh/stream.hpp"

#include <fmt/format.h>

#include "crypt4gh/detail/batch_pipeline.hpp"
#include "crypt4gh/detail/in_place_segments.hpp"
#include "crypt4gh/detail/segment_batches.hpp"
#include "crypt4gh/header.hpp"
#include "crypt4gh/segment.hpp"

namespace oncoshare::crypt4gh {

namespace {

// What is wrong with the data segments, as both ways report it.
std::string auth_failed(std::uint64_t index, std::uint64_t offset) {
  return fmt::format("data segment {} (file offset {}): authentication failed (wrong key, or the segment was "
                     "modified, truncated or moved)", index, offset);
}

std::string truncated(std::uint64_t index, std::uint64_t offset, std::size_t bytes, std::size_t min_bytes) {
  return fmt::format("data segment {} (file offset {}): truncated to {} bytes (a segment has at least {})", index,
                     offset, bytes, min_bytes);
}

std::string final_segment_missing(std::uint64_t index, std::uint64_t offset) {
  return fmt::format("data segment {} (file offset {}): missing; the data ends on a segment boundary without its "
                     "final segment (truncated)", index, offset);
}

// decrypt() between two regular files, every segment kept: every core reads, opens and writes
// its own segments. `data_start` is the header's size (offsets in messages count from the
// stream's start). Nullopt when the output does not end where it is written (bytes after a
// refused segment could then not be cut off without cutting what followed them before).
std::optional<core::Result<DecryptSummary>> decrypt_in_place(FilePosition from, FilePosition to,
                                                             const SegmentDecryptor& decryptor, DecryptSummary summary,
                                                             std::uint64_t data_start) {
  if (const core::Result<std::uint64_t> out_size = detail::file_size(to); !out_size || *out_size != to.offset) {
    return std::nullopt;
  }
  const core::Result<std::uint64_t> size = detail::file_size(from);
  if (!size) return size.error();
  const std::uint64_t data = *size > from.offset ? *size - from.offset : 0;
  const std::uint64_t whole = data / kCipherSegmentBytes;
  const auto tail = static_cast<std::size_t>(data % kCipherSegmentBytes);
  const bool tail_too_short = tail > 0 && tail < decryptor.min_sealed_bytes();
  detail::InPlaceJob job{.in = std::move(from),
                         .in_bytes = data - (tail_too_short ? tail : 0),
                         .in_segment = kCipherSegmentBytes,
                         .out = std::move(to),
                         .out_segment = kSegmentBytes,
                         .out_capacity = kSegmentBytes};
  auto bad = [&](std::string message) { return core::bad_input(std::move(message), core::Location{job.in.name}); };
  core::Result<detail::InPlaceRun> run = detail::run_in_place(
      job, [&](std::uint64_t index, std::span<const std::uint8_t> sealed, std::span<std::uint8_t> plain) {
        return decryptor.decrypt(index, sealed, plain);
      });
  if (!run) return run.error();
  summary.segments = run->segments;
  summary.plaintext_bytes = run->out_end - job.out.offset;
  if (run->refused) return bad(auth_failed(*run->refused, data_start + *run->refused * kCipherSegmentBytes));
  if (tail_too_short) return bad(truncated(whole, data_start + whole * kCipherSegmentBytes, tail, decryptor.min_sealed_bytes()));
  if (tail == 0 && needs_final_empty_segment(summary.method, whole, whole == 0 ? 0 : kSegmentBytes)) {
    return bad(final_segment_missing(whole, data_start + whole * kCipherSegmentBytes));
  }
  if (const core::Result<std::uint64_t> now = detail::file_size(job.in); !now || *now != *size) {
    return bad("the file changed size while it was decrypted");
  }
  return summary;
}

}  // namespace

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
  if (!edits && !window) {
    if (std::optional<FilePosition> from = in.in_place()) {
      if (std::optional<FilePosition> to = out.in_place()) {
        if (auto done = decrypt_in_place(std::move(*from), std::move(*to), decryptor, summary, sealed->size)) {
          return std::move(*done);
        }
      }
    }
  }
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
      return bad(auth_failed(index, offset_of(index)));
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
      return drain_then(bad(truncated(at, offset_of(at), tail, decryptor.min_sealed_bytes())));
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
      return bad(final_segment_missing(index, offset_of(index)));
    }
    break;
  }
  ONCOSHARE_TRY(drain());
  return summary;
}

}  // namespace oncoshare::crypt4gh
