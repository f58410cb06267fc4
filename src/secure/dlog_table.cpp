#include "secure/dlog_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "core/sodium.hpp"

namespace oncoshare::secure {

namespace {
std::uint64_t key_of(const Point& p) {
  std::uint64_t key = 0;
  std::memcpy(&key, p.bytes.data(), sizeof key);
  return key;
}
}  // namespace

core::Result<DlogTable> DlogTable::create(DlogParams params) {
  if (params.bound < 1 || params.bound > (std::uint64_t{1} << 48)) {
    return core::fail(core::bad_input(fmt::format("dlog bound {} outside [1, 2^48]", params.bound)));
  }
  if (params.table_size < 1 || params.table_size > (std::uint32_t{1} << 26)) {
    return core::fail(core::bad_input(fmt::format("dlog table size {} outside [1, 2^26]", params.table_size)));
  }
  core::ensure_sodium();
  DlogTable table;
  table.params_ = params;
  table.baby_.reserve(params.table_size);
  const Point g = Point::generator();
  Point p = Point::identity();
  for (std::uint32_t j = 0; j < params.table_size; ++j) {
    table.baby_.emplace_back(key_of(p), j);
    p = p + g;
  }
  table.giant_ = p;
  std::sort(table.baby_.begin(), table.baby_.end());
  return table;
}

std::int64_t DlogTable::lookup(const Point& point) const {
  const std::uint64_t key = key_of(point);
  auto it = std::lower_bound(baby_.begin(), baby_.end(), std::make_pair(key, std::uint32_t{0}));
  // 64-bit prefixes of distinct points can collide; every candidate is confirmed by solve().
  if (it != baby_.end() && it->first == key) return it->second;
  return -1;
}

core::Result<std::int64_t> DlogTable::solve(const Point& point) const {
  const auto bound = static_cast<std::int64_t>(params_.bound);
  const auto size = static_cast<std::int64_t>(params_.table_size);
  // m = g·size + j with j in [0, size): g ranges over [-(bound + size - 1)/size, (bound - 1)/size].
  const std::int64_t g_max = (bound - 1) / size;
  const std::int64_t g_min = -((bound + size - 1) / size);
  auto accept = [&](std::int64_t g, const Point& residue) -> std::int64_t {
    const std::int64_t j = lookup(residue);
    if (j < 0) return INT64_MIN;
    const std::int64_t m = g * size + j;
    if (m <= -bound || m >= bound) return INT64_MIN;
    return base_mul(Scalar::from_int(m)) == point ? m : INT64_MIN;
  };
  Point up = point;    // point - g·size·G for g = 0, 1, 2, ...
  Point down = point;  // point + g·size·G, i.e. giant step -g
  for (std::int64_t g = 0; g <= std::max(g_max, -g_min); ++g) {
    if (g <= g_max) {
      if (const std::int64_t m = accept(g, up); m != INT64_MIN) return m;
      up = up - giant_;
    }
    if (g > 0 && -g >= g_min) {
      if (const std::int64_t m = accept(-g, down); m != INT64_MIN) return m;
    }
    if (-(g + 1) >= g_min) down = down + giant_;
  }
  return core::fail(core::bad_input(
      fmt::format("plaintext outside ±{} (wrong key, too few shares, or an overflowing sum)", params_.bound)));
}

}  // namespace oncoshare::secure
