// Whole-file operations, streaming from a Source to a Sink in 64 KiB segments with memory
// bounded whatever the length. They mirror the reference crypt4gh CLI: encrypt, decrypt,
// reencrypt, rearrange. Encrypt and decrypt seal / open the segments on every core: between
// two regular files (and for decrypt, with nothing to select) every worker reads and writes
// its own segments in place (detail/in_place_segments.hpp); otherwise the calling thread
// alone uses the Source and Sink while workers do the crypto (detail/batch_pipeline.hpp).
#pragma once

#include <optional>
#include <span>

#include "core/result.hpp"
#include "crypt4gh/edit_list.hpp"
#include "crypt4gh/keys.hpp"
#include "crypt4gh/stream_io.hpp"

namespace oncoshare::crypt4gh {

// Encrypts `in` (only `range` of it, if given) for each recipient, with `writer` as the
// header's writer key and one fresh data key (no edit list), like the reference. Method 0 is
// what the reference reads; method 1 gets a random sequence number and, if the data ends on a
// segment boundary (or is empty), a final empty segment. Errors: no recipients, read/write failures.
[[nodiscard]] core::Status encrypt(Source& in, Sink& out, const SecretKey& writer,
                                   std::span<const PublicKey> recipients, const Range& range = {},
                                   DataMethod method = DataMethod::chacha20_ietf_poly1305);

struct DecryptSummary {
  std::uint64_t segments = 0;          // data segments authenticated
  std::uint64_t plaintext_bytes = 0;   // bytes written to the sink
  std::size_t unopened_packets = 0;    // header packets not for this reader (or damaged)
  DataMethod method = DataMethod::chacha20_ietf_poly1305;
};

// Decrypts `in`: each segment is authenticated in full before any of its bytes reach `out`;
// the header's edit list and then `range` select the bytes written. Every segment is
// authenticated, even those the selection skips. Both data methods are read (chosen by the
// header); with method 1 a missing final segment is reported as truncation. Errors
// (bad_input) name the data segment (0-based) and its file offset, or the header problem.
[[nodiscard]] core::Result<DecryptSummary> decrypt(Source& in, Sink& out, const SecretKey& reader,
                                                   std::optional<PublicKey> sender = std::nullopt,
                                                   std::optional<Range> range = std::nullopt);

// Re-seals the header packets `reader` can open for `recipients` (writer key = `reader`, as
// the reference) and copies the data segments unchanged (so the method and sequence number are
// kept). Unopened packets are kept unless `trim`.
[[nodiscard]] core::Status reencrypt(Source& in, Sink& out, const SecretKey& reader,
                                     std::span<const PublicKey> recipients, bool trim = false);

// Adds an edit list selecting `range` and drops the data segments outside it; the new header
// is sealed for `reader` itself. A file that already has an edit list is refused. For method
// 1 the sequence numbers are advanced past the dropped leading segments, and a final empty
// segment is appended when the kept data ends on a segment boundary.
[[nodiscard]] core::Status rearrange(Source& in, Sink& out, const SecretKey& reader, const Range& range);

}  // namespace oncoshare::crypt4gh
