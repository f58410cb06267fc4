#include "quality/detail/svg_chart.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "quality/detail/html_escape.hpp"
#include "quality/detail/report_json.hpp"

namespace oncoshare::quality::detail {
namespace {

constexpr int kWidth = 580;
constexpr int kLabelWidth = 170;  // left column with the bar labels
constexpr int kPlotWidth = 320;   // 0..100 maps onto this; the rest is for the value
constexpr int kTop = 26;          // room for the axis tick labels
constexpr int kBarHeight = 18;
constexpr int kRowHeight = 28;
constexpr std::size_t kMaxLabelBytes = 24;

constexpr const char* kOkFill = "#2f6f9f";
constexpr const char* kLowStroke = "#b3261e";

std::string px(double value) { return format_fixed(value, 1); }

void append_axis(std::string& out, int height) {
  for (int tick = 0; tick <= 100; tick += 25) {
    const double x = kLabelWidth + kPlotWidth * tick / 100.0;
    fmt::format_to(std::back_inserter(out),
                   "<line class=\"grid\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" "
                   "stroke=\"#d9dee5\" stroke-width=\"1\"/>"
                   "<text class=\"tick\" x=\"{0}\" y=\"{3}\" text-anchor=\"middle\">{4}%</text>",
                   px(x), kTop - 6, height - 4, kTop - 12, tick);
  }
}

void append_reference(std::string& out, const BarChart& chart, int height) {
  if (!chart.reference) return;
  const double value = std::clamp(*chart.reference, 0.0, 100.0);
  const double x = kLabelWidth + kPlotWidth * value / 100.0;
  fmt::format_to(std::back_inserter(out),
                 "<line class=\"reference\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" "
                 "stroke=\"#202124\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\">"
                 "<title>fail under {3}</title></line>",
                 px(x), kTop - 4, height - 2, format_plain(*chart.reference));
}

void append_bar(std::string& out, const BarChart& chart, const ChartBar& bar, int row) {
  const double value = std::isfinite(bar.value) ? std::clamp(bar.value, 0.0, 100.0) : 0.0;
  const bool low = chart.reference && bar.value < *chart.reference;
  const int y = kTop + row * kRowHeight;
  const double width = kPlotWidth * value / 100.0;
  const std::string shown = format_fixed(bar.value, 2) + "%";

  out += "<g class=\"row\"><title>";
  append_escaped(out, bar.label);
  out += ": " + shown;
  if (!bar.detail.empty()) {
    out += " (";
    append_escaped(out, bar.detail);
    out += ')';
  }
  if (low) out += " \xE2\x80\x93 below the fail-under threshold";
  out += "</title>";
  fmt::format_to(std::back_inserter(out),
                 "<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">", kLabelWidth - 8,
                 y + kBarHeight - 5);
  append_escaped(out, truncate_text(bar.label.empty() ? "(none)" : bar.label, kMaxLabelBytes));
  out += "</text>";
  fmt::format_to(std::back_inserter(out),
                 "<rect class=\"track\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" "
                 "fill=\"#eef1f5\"/>",
                 kLabelWidth, y, kPlotWidth, kBarHeight);
  if (low) {
    fmt::format_to(std::back_inserter(out),
                   "<rect class=\"bar low\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" "
                   "fill=\"url(#{}-hatch)\" stroke=\"{}\" stroke-width=\"1\"/>",
                   kLabelWidth, y, px(width), kBarHeight, chart.id, kLowStroke);
  } else {
    fmt::format_to(std::back_inserter(out),
                   "<rect class=\"bar ok\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" "
                   "fill=\"{}\"/>",
                   kLabelWidth, y, px(width), kBarHeight, kOkFill);
  }
  fmt::format_to(std::back_inserter(out), "<text class=\"value{}\" x=\"{}\" y=\"{}\">{}{}</text>",
                 low ? " low" : "", px(kLabelWidth + width + 6), y + kBarHeight - 5,
                 low ? "\xE2\x9A\xA0 " : "", shown);
  out += "</g>";
}

}  // namespace

std::string render_bar_chart(const BarChart& chart) {
  if (chart.bars.empty()) return "<p class=\"empty\">No data.</p>";
  const int height = kTop + static_cast<int>(chart.bars.size()) * kRowHeight + 6;
  std::string out;
  fmt::format_to(std::back_inserter(out),
                 "<svg class=\"chart\" id=\"{0}\" role=\"img\" aria-labelledby=\"{0}-title\" "
                 "width=\"{1}\" height=\"{2}\" viewBox=\"0 0 {1} {2}\"><title id=\"{0}-title\">",
                 chart.id, kWidth, height);
  append_escaped(out, chart.title);
  fmt::format_to(std::back_inserter(out),
                 "</title><defs><pattern id=\"{}-hatch\" width=\"6\" height=\"6\" "
                 "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
                 "<rect width=\"6\" height=\"6\" fill=\"#f6d5d2\"/>"
                 "<rect width=\"3\" height=\"6\" fill=\"{}\"/></pattern></defs>",
                 chart.id, kLowStroke);
  append_axis(out, height);
  for (std::size_t i = 0; i < chart.bars.size(); ++i) {
    append_bar(out, chart, chart.bars[i], static_cast<int>(i));
  }
  append_reference(out, chart, height);
  out += "</svg>";
  return out;
}

}  // namespace oncoshare::quality::detail
