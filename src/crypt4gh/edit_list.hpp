// Byte selection over the decrypted plaintext stream: the header's edit list (alternating
// discard / keep lengths) and the --range window ([start, end) of the selected bytes).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace oncoshare::crypt4gh {

// A byte range [start, start + length); no length means "to the end".
struct Range {
  std::uint64_t start = 0;
  std::optional<std::uint64_t> length;
};

// Parses "START-END" (END excluded) or "START". Errors for END <= START, or non-numbers.
[[nodiscard]] core::Result<Range> parse_range(std::string_view text);

// Applies alternating discard/keep lengths. After the list: the rest is kept if the list has
// an odd number of entries (it ended on a discard), dropped otherwise.
class EditList {
 public:
  explicit EditList(std::vector<std::uint64_t> lengths) : lengths_(std::move(lengths)) {}
  // The range as an edit list: [start] or [start, length].
  [[nodiscard]] static EditList from_range(const Range& range);

  // Calls `keep` with the selected parts of the next `chunk` of the stream.
  void apply(std::span<const std::uint8_t> chunk, const std::function<void(std::span<const std::uint8_t>)>& keep);
  // True once nothing more can be selected.
  [[nodiscard]] bool done() const;

 private:
  std::vector<std::uint64_t> lengths_;
  std::size_t index_ = 0;
  std::uint64_t used_ = 0;  // bytes consumed of lengths_[index_]
};

}  // namespace oncoshare::crypt4gh
