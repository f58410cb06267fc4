#include "models/glm_driver.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "models/glm_site.hpp"

namespace oncoshare::models {

core::Result<std::vector<double>> plain_sum(const std::vector<std::vector<double>>& vectors) {
  if (vectors.empty()) return std::vector<double>{};
  std::vector<double> out(vectors.front().size(), 0.0);
  for (const auto& v : vectors) {
    if (v.size() != out.size()) {
      return core::fail(core::bad_input(fmt::format("vectors of {} and {} entries cannot be summed", out.size(), v.size())));
    }
    for (std::size_t i = 0; i < v.size(); ++i) out[i] += v[i];
  }
  return out;
}

core::Result<GlmResult> fit_glm(std::span<const Design> sites, const GlmOptions& options, const SumFunction& sum) {
  if (sites.empty()) return core::fail(core::bad_input("no sites to fit"));
  bool offset = false;
  for (std::size_t k = 0; k < sites.size(); ++k) {
    if (sites[k].names != sites.front().names) {
      return core::fail(core::bad_input(fmt::format("site {} has coefficients [{}], site 1 [{}]", k + 1,
                                                    fmt::join(sites[k].names, ", "),
                                                    fmt::join(sites.front().names, ", "))));
    }
    offset = offset || (sites[k].offset.size() > 0 && sites[k].offset.cwiseAbs().maxCoeff() > 0);
  }
  GlmFit fit(sites.front().names, options, offset);
  std::vector<std::vector<double>> vectors(sites.size());
  while (!fit.done()) {
    for (std::size_t k = 0; k < sites.size(); ++k) {
      auto stats = glm_site_statistics(sites[k], options.family, fit.round().beta);
      if (!stats) {
        core::Error e = stats.error();
        e.message = fmt::format("site {}: {}", k + 1, e.message);
        return core::fail(std::move(e));
      }
      vectors[k] = std::move(*stats);
    }
    auto total = sum(vectors);
    if (!total) return core::fail(total.error());
    if (auto s = fit.accept(*total); !s) return core::fail(s.error());
  }
  return fit.result();
}

}  // namespace oncoshare::models
