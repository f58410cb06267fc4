#include "secure/key_share.hpp"

#include <fmt/format.h>

namespace oncoshare::secure {

core::Status validate(const DkgParams& params) {
  if (params.participants < 1 || params.participants > kMaxParticipants) {
    return core::fail(core::bad_input(
        fmt::format("participants {} outside [1, {}]", params.participants, kMaxParticipants),
        core::Location{.field = "participants"}));
  }
  if (params.threshold < 1 || params.threshold > params.participants) {
    return core::fail(core::bad_input(
        fmt::format("threshold {} outside [1, {}]", params.threshold, params.participants),
        core::Location{.field = "threshold"}));
  }
  return {};
}

core::Result<Point> CollectiveKey::verification_share(std::uint32_t index) const {
  if (index < 1 || index > verification_shares.size()) {
    return core::fail(core::bad_input(
        fmt::format("node {} is not a participant (1..{})", index, verification_shares.size()),
        core::Location{.field = "node"}));
  }
  return verification_shares[index - 1];
}

}  // namespace oncoshare::secure
