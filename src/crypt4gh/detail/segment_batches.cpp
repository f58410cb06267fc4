#include "crypt4gh/detail/segment_batches.hpp"

#include <algorithm>

namespace oncoshare::crypt4gh::detail {

std::vector<std::span<const std::uint8_t>> segments_of(std::span<const std::uint8_t> bytes, std::size_t segment_bytes) {
  std::vector<std::span<const std::uint8_t>> pieces;
  for (std::size_t at = 0; at < bytes.size(); at += segment_bytes) {
    pieces.push_back(bytes.subspan(at, std::min(segment_bytes, bytes.size() - at)));
  }
  return pieces;
}

void seal_batch(const SegmentEncryptor& encryptor, SegmentBatch& batch) {
  const std::span<const std::uint8_t> in = std::span(batch.in).first(batch.in_bytes);
  const std::span<std::uint8_t> out(batch.out);
  std::uint64_t index = batch.first_index;
  for (std::size_t at = 0; at < in.size(); at += kSegmentBytes, ++index) {
    const std::span<const std::uint8_t> plain = in.subspan(at, std::min(kSegmentBytes, in.size() - at));
    batch.out_bytes += encryptor.encrypt(index, plain, out.subspan(batch.out_bytes));
    ++batch.segments_done;
  }
}

void open_batch(const SegmentDecryptor& decryptor, SegmentBatch& batch) {
  const std::span<const std::uint8_t> in = std::span(batch.in).first(batch.in_bytes);
  const std::span<std::uint8_t> out(batch.out);
  std::uint64_t index = batch.first_index;
  for (std::size_t at = 0; at < in.size(); at += kCipherSegmentBytes, ++index) {
    const std::span<const std::uint8_t> sealed = in.subspan(at, std::min(kCipherSegmentBytes, in.size() - at));
    const std::optional<std::size_t> n = decryptor.decrypt(index, sealed, out.subspan(batch.out_bytes));
    if (!n) {
      batch.failed = true;
      return;
    }
    batch.out_bytes += *n;
    ++batch.segments_done;
  }
}

}  // namespace oncoshare::crypt4gh::detail
