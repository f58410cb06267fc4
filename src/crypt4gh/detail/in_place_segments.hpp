// Segment crypto from one regular file into another, on every core, with no I/O thread: each
// worker takes the next batch of segments, reads each segment where it lies (pread), seals or
// opens it and writes the result where it belongs (pwrite). Offsets follow from the segment
// index, since every segment but the last has a fixed size on both sides. Reading, crypto and
// writing thus all run in parallel, where the streaming BatchPipeline leaves the reading and
// writing to the calling thread. Memory: two segment buffers per worker, whatever the size.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "core/result.hpp"
#include "crypt4gh/stream_io.hpp"

namespace oncoshare::crypt4gh::detail {

struct InPlaceJob {
  FilePosition in;
  std::uint64_t in_bytes = 0;      // from in.offset on
  std::size_t in_segment = 0;      // bytes of every input segment but the last
  FilePosition out;
  std::size_t out_segment = 0;     // bytes of every output segment but the last
  std::size_t out_capacity = 0;    // room one transform may need
};

// Turns input segment `index` into output bytes at the start of `out`; their count, or
// nullopt when the segment is refused (e.g. does not authenticate). Called from several
// threads at once.
using SegmentTransform = std::function<std::optional<std::size_t>(
    std::uint64_t index, std::span<const std::uint8_t> in, std::span<std::uint8_t> out)>;

struct InPlaceRun {
  std::uint64_t segments = 0;          // written, all before any refused segment
  std::size_t last_in_bytes = 0;       // size of the last segment written
  std::uint64_t out_end = 0;           // offset just past the last byte written
  std::optional<std::uint64_t> refused;  // the first segment the transform refused
};

// The size of `file` now; an I/O error naming it.
[[nodiscard]] core::Result<std::uint64_t> file_size(const FilePosition& file);

// Runs the job. I/O errors name the file; an input that ends before in_bytes is one. On
// success the two descriptors' offsets are set past what was read and written. After a
// refused segment, workers may already have written later ones: the output file is cut back
// to out_end, so the job's output must be the file's end (nothing of value after out.offset).
[[nodiscard]] core::Result<InPlaceRun> run_in_place(const InPlaceJob& job, const SegmentTransform& transform);

}  // namespace oncoshare::crypt4gh::detail
