#include "node/policy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace oncoshare::node {

std::optional<Refusal> check_role(const PeerIdentity& peer, Audience audience) {
  if (audience == Audience::any) return std::nullopt;
  Role needed = audience == Audience::researcher ? Role::researcher : Role::node;
  if (peer.role == needed) return std::nullopt;
  return Refusal{403, "forbidden_role",
                 fmt::format("certificate '{}' has role '{}'; this endpoint is for role '{}'", peer.name,
                             role_name(peer.role), role_name(needed))};
}

std::optional<Refusal> check_access(const DatasetConfig& dataset, const PeerIdentity& peer,
                                    std::string_view query_type) {
  const auto& policy = dataset.policy;
  if (!policy.researchers.empty() &&
      std::find(policy.researchers.begin(), policy.researchers.end(), peer.name) == policy.researchers.end()) {
    return Refusal{403, "researcher_not_allowed",
                   fmt::format("researcher '{}' is not on the access list of dataset '{}'", peer.name, dataset.id)};
  }
  if (std::find(policy.query_types.begin(), policy.query_types.end(), query_type) == policy.query_types.end()) {
    return Refusal{403, "query_type_not_allowed",
                   fmt::format("dataset '{}' does not allow '{}' queries (allowed: {})", dataset.id, query_type,
                               fmt::join(policy.query_types, ", "))};
  }
  return std::nullopt;
}

std::optional<Refusal> check_purpose(const DatasetConfig& dataset, const Consent& consent,
                                     const nlohmann::json* purpose, const DiseaseTree& diseases) {
  if (purpose == nullptr) {
    return Refusal{403, "purpose_required",
                   fmt::format("dataset '{}' has consent '{}': declare a purpose, e.g. \"purpose\": {{\"use\": \"HMB\"}}",
                               dataset.id, to_string(consent))};
  }
  auto parsed = parse_purpose(*purpose);
  if (!parsed) return Refusal{400, "bad_purpose", parsed.error().message};
  DuoDecision decision = match(consent, *parsed, diseases);
  if (decision.allowed) return std::nullopt;
  return Refusal{403, "consent_mismatch",
                 fmt::format("dataset '{}' consent '{}' does not allow this purpose: {}", dataset.id,
                             to_string(consent), decision.explanation)};
}

std::size_t suppress_small_cells(std::span<const std::int64_t> cells, std::int64_t min_cell_size, nlohmann::json& out) {
  out = nlohmann::json::array();
  std::size_t suppressed = 0;
  for (std::int64_t n : cells) {
    if (n > 0 && n < min_cell_size) {
      out.push_back(nullptr);
      ++suppressed;
    } else {
      out.push_back(n);
    }
  }
  return suppressed;
}

NoiseScale noise_scale(MicroEpsilon epsilon, std::int64_t sensitivity) {
  double ratio = static_cast<double>(sensitivity) * static_cast<double>(kMicroPerEpsilon) / static_cast<double>(epsilon);
  double mu = 2.0 * ratio * ratio;
  return {static_cast<std::uint64_t>(std::llround(std::max(mu, 0.001) * 1000.0)), 1000};
}

std::string size_class(std::int64_t patients) {
  std::int64_t low = 0, high = 10;
  while (patients >= high) {
    low = high;
    high *= 10;
  }
  return fmt::format("{}-{}", low, high);
}

}  // namespace oncoshare::node
