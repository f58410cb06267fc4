// Horizontal bar charts as inline SVG: percentages (0..100) with labelled bars, so the
// report needs no charting library and no script.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace oncoshare::quality::detail {

struct ChartBar {
  std::string label;   // drawn left of the bar (cut when long; full text in the tooltip)
  double value = 0.0;  // percentage; clamped to 0..100 for drawing
  std::string detail;  // tooltip suffix, e.g. "16 of 18 checks pass"
};

struct BarChart {
  std::string id;     // unique in the page; prefixes the ids inside the SVG
  std::string title;  // accessible name of the figure
  std::vector<ChartBar> bars;
  // Dashed line at this value; bars below it are hatched and marked "⚠ below", so the
  // difference is visible without colour.
  std::optional<double> reference;
};

// One `<svg>` element (no xmlns: it is parsed as HTML) with exactly one
// `<rect class="bar ...">` per bar, or a `<p class="empty">` when there are no bars.
// All text is escaped.
[[nodiscard]] std::string render_bar_chart(const BarChart& chart);

}  // namespace oncoshare::quality::detail
