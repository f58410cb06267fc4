// In-process federated GLM: every site's statistics computed here, summed by a pluggable
// function (plain addition by default, secure aggregation in the bench), then fed to
// GlmFit. The transport-free twin of what the node and coordinator do over the network.
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "core/result.hpp"
#include "models/design.hpp"
#include "models/glm_fit.hpp"

namespace oncoshare::models {

// Sums one vector per site element-wise (all of the same size). Must return exactly the
// element-wise sum; the coordinator sees nothing else.
using SumFunction = std::function<core::Result<std::vector<double>>(const std::vector<std::vector<double>>&)>;

// The plain element-wise sum.
[[nodiscard]] core::Result<std::vector<double>> plain_sum(const std::vector<std::vector<double>>& vectors);

// Fits the pooled GLM over `sites` (each built from the same ModelTerms; a site may have
// zero rows). Fails with a site's error (prefixed "site k: ") or GlmFit's diagnostics, or
// bad_input when the sites' coefficient names differ or there are no sites.
[[nodiscard]] core::Result<GlmResult> fit_glm(std::span<const Design> sites, const GlmOptions& options,
                                              const SumFunction& sum = plain_sum);

}  // namespace oncoshare::models
