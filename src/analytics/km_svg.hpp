// A self-contained SVG Kaplan-Meier plot (no scripts, no external resources) for HTML
// reports: one step curve per group with its confidence band, axes and a legend.
#pragma once

#include <string>

#include "analytics/kaplan_meier.hpp"

namespace oncoshare::analytics {

struct SvgOptions {
  int width = 720;
  int height = 440;
  std::string title = "Kaplan-Meier survival";
  std::string time_label = "Time (days)";
  bool bands = true;  // draw confidence bands
};

// The plot as an `<svg>` element string. Labels are XML-escaped. Curves without rows are
// listed in the legend only. Deterministic (fixed 2-decimal coordinates).
[[nodiscard]] std::string km_svg(const KmResult& result, const SvgOptions& options = {});

}  // namespace oncoshare::analytics
