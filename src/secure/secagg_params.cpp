#include <fmt/format.h>

#include <algorithm>

#include "secure/codec.hpp"
#include "secure/secagg_messages.hpp"

namespace oncoshare::secure {

namespace {

core::Error field_error(const char* field, std::string message) {
  return core::bad_input(std::move(message), core::Location{.field = field});
}

bool valid_id(const std::string& id) {
  return !id.empty() && id.size() <= kMaxAggregationIdBytes && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == ':' || c == '-';
  });
}

}  // namespace

std::uint32_t neighbour_count(const SecAggParams& params) {
  return params.neighbours == 0 ? params.participants - 1 : params.neighbours;
}

core::Status validate(const SecAggParams& p) {
  if (!valid_id(p.aggregation_id)) {
    return core::fail(field_error("aggregation_id", fmt::format("expected 1-{} characters of [A-Za-z0-9._:-], got \"{}\"",
                                                                kMaxAggregationIdBytes, p.aggregation_id)));
  }
  if (p.participants < 2 || p.participants > kMaxParticipants) {
    return core::fail(
        field_error("participants", fmt::format("expected 2..{}, got {}", kMaxParticipants, p.participants)));
  }
  const std::uint32_t k = neighbour_count(p);
  if (k >= p.participants || (std::uint64_t{k} * p.participants) % 2 != 0) {
    return core::fail(field_error(
        "neighbours", fmt::format("expected 1..{} with participants x neighbours even, got {}", p.participants - 1, k)));
  }
  if (p.threshold < 2 || p.threshold > k + 1) {
    return core::fail(field_error("threshold", fmt::format("expected 2..{} (neighbours + 1), got {}", k + 1, p.threshold)));
  }
  if (p.length == 0 || p.length > kMaxVectorLength) {
    return core::fail(field_error("length", fmt::format("expected 1..{}, got {}", kMaxVectorLength, p.length)));
  }
  if (p.fractional_bits > kMaxFractionalBits) {
    return core::fail(
        field_error("fractional_bits", fmt::format("expected 0..{}, got {}", kMaxFractionalBits, p.fractional_bits)));
  }
  return {};
}

std::vector<std::uint32_t> neighbours_of(const SecAggParams& params, std::uint32_t i) {
  const std::uint32_t n = params.participants;
  const std::uint32_t k = neighbour_count(params);
  std::vector<std::uint32_t> out;
  auto add = [&](std::uint32_t offset) { out.push_back((i - 1 + offset) % n + 1); };
  for (std::uint32_t d = 1; d <= k / 2; ++d) {
    add(d);
    add(n - d);
  }
  if (k % 2 == 1) add(n / 2);  // n is even here (n·k even)
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::uint32_t> holders_of(const SecAggParams& params, std::uint32_t i) {
  std::vector<std::uint32_t> out = neighbours_of(params, i);
  out.insert(std::upper_bound(out.begin(), out.end(), i), i);
  return out;
}

}  // namespace oncoshare::secure
