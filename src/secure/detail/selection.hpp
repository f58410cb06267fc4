// Shared by threshold decryption and key switching: verify contributions in order, record
// and set aside the bad ones, keep the first `threshold` good ones from distinct nodes. Stops
// as soon as `threshold` are valid: verifying the rest (every proof of a long vector) would
// only cost time, and every contribution used has been verified in full.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "secure/key_share.hpp"

namespace oncoshare::secure::detail {

template <class Contribution, class Verify, class RejectionList>
core::Result<std::vector<Contribution>> select_valid(const CollectiveKey& key, std::span<const Contribution> all,
                                                     Verify&& verify, const char* what, std::vector<std::uint32_t>& used,
                                                     RejectionList& rejected) {
  std::vector<Contribution> chosen;
  for (const Contribution& c : all) {
    if (chosen.size() == key.params.threshold) break;
    if (std::find(used.begin(), used.end(), c.node) != used.end()) {
      rejected.push_back({c.node, "duplicate contribution from the same node"});
      continue;
    }
    if (auto ok = verify(c); !ok) {
      rejected.push_back({c.node, ok.error().message});
      continue;
    }
    chosen.push_back(c);
    used.push_back(c.node);
  }
  if (chosen.size() < key.params.threshold) {
    std::string why;
    for (const auto& r : rejected) why += fmt::format("; node {} rejected: {}", r.node, r.reason);
    return core::fail(core::Error{core::ErrorCode::check_failed,
                                  fmt::format("{} valid {} needed, {} available{}", key.params.threshold, what,
                                              chosen.size(), why)});
  }
  return chosen;
}

}  // namespace oncoshare::secure::detail
