// The plaintexts of a decrypted vector: a dlog per element, computed concurrently. Used by
// threshold decryption (C2 - Σ λ_i·D_i) and by the researcher after key switching
// (C2 - y·C1), where computing the point is itself a scalar multiplication.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <vector>

#include "core/result.hpp"
#include "secure/detail/parallel.hpp"
#include "secure/dlog_table.hpp"

namespace oncoshare::secure::detail {

// m_k = dlog(point_of(k)) for k in [0, n). Fails like a sequential scan would: on the
// smallest k whose point is outside the table's range, "element k: <why>".
template <class PointOf>
[[nodiscard]] core::Result<std::vector<std::int64_t>> solve_all(const DlogTable& table, std::size_t n,
                                                                PointOf&& point_of) {
  std::vector<std::int64_t> values(n, 0);
  const auto bad = first_failure(n, [&](std::size_t k) {
    auto m = table.solve(point_of(k));
    if (!m) return false;
    values[k] = *m;
    return true;
  });
  if (bad) {
    auto m = table.solve(point_of(*bad));
    return core::fail(core::bad_input(fmt::format("element {}: {}", *bad, m ? "" : m.error().message)));
  }
  return values;
}

}  // namespace oncoshare::secure::detail
