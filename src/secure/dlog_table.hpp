// Baby-step giant-step discrete logarithm for small plaintexts: given M = m·G, find m with
// |m| < bound. The baby-step table holds j·G for j in [0, table_size) (8-byte key + index per
// entry, sorted); solving walks giant steps g = 0, -1, 1, -2, 2, ... so small |m| (typical
// counts, noise) are found after a few steps and the worst case costs 2·bound/table_size.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "secure/constants.hpp"
#include "secure/group.hpp"

namespace oncoshare::secure {

struct DlogParams {
  std::uint64_t bound = kDefaultPlaintextBound;     // solves |m| < bound; 1 <= bound <= 2^48
  std::uint32_t table_size = kDefaultDlogTableSize;  // baby steps; 1 <= size <= 2^26
};

class DlogTable {
 public:
  // Precomputes the baby steps (table_size point additions). Fails on out-of-range params.
  [[nodiscard]] static core::Result<DlogTable> create(DlogParams params = {});

  // m with m·G == point and |m| < bound; bad_input "plaintext outside ±bound" otherwise
  // (also the symptom of a wrong key or too few shares). Thread-safe (read-only).
  [[nodiscard]] core::Result<std::int64_t> solve(const Point& point) const;
  [[nodiscard]] const DlogParams& params() const { return params_; }

 private:
  DlogTable() = default;
  [[nodiscard]] std::int64_t lookup(const Point& point) const;  // baby index or -1

  DlogParams params_;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> baby_;  // (first 8 bytes of j·G, j)
  Point giant_;                                                 // table_size·G
};

}  // namespace oncoshare::secure
