#include "analytics/km_svg.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/html_escape.hpp"

namespace oncoshare::analytics {
namespace {

constexpr std::array<const char*, 8> kColours = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
                                                 "#ff7f0e", "#17becf", "#8c564b", "#e377c2"};
constexpr double kLeft = 64, kRight = 180, kTop = 40, kBottom = 56;

// A "nice" tick step (1, 2 or 5 times a power of ten) giving about five ticks.
double tick_step(double span) {
  const double raw = span / 5;
  const double power = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0}) {
    if (raw <= m * power) return m * power;
  }
  return 10 * power;
}

}  // namespace

std::string km_svg(const KmResult& result, const SvgOptions& options) {
  const double w = options.width, h = options.height;
  const double plot_w = w - kLeft - kRight, plot_h = h - kTop - kBottom;
  double max_time = 0;
  for (const auto& curve : result.curves) {
    if (!curve.rows.empty()) max_time = std::max(max_time, curve.rows.back().time);
  }
  const double step = tick_step(max_time > 0 ? max_time : 1);
  const double x_max = std::ceil((max_time > 0 ? max_time : 1) / step) * step;
  auto x = [&](double t) { return kLeft + plot_w * t / x_max; };
  auto y = [&](double s) { return kTop + plot_h * (1 - s); };

  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "font-family=\"sans-serif\" font-size=\"12\" role=\"img\">\n<title>{}</title>\n"
      "<text x=\"{:.2f}\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">{}</text>\n",
      options.width, options.height, options.width, options.height, core::escape_html(options.title),
      kLeft + plot_w / 2, core::escape_html(options.title));
  // Axes, ticks and grid lines.
  svg += fmt::format("<g stroke=\"#000\" fill=\"none\"><path d=\"M{:.2f} {:.2f}V{:.2f}H{:.2f}\"/></g>\n",
                     kLeft, kTop, kTop + plot_h, kLeft + plot_w);
  for (int i = 0; i <= 4; ++i) {
    const double s = i / 4.0;
    svg += fmt::format("<line x1=\"{:.2f}\" y1=\"{:.2f}\" x2=\"{:.2f}\" y2=\"{:.2f}\" stroke=\"#ddd\"/>"
                       "<text x=\"{:.2f}\" y=\"{:.2f}\" text-anchor=\"end\">{:.2f}</text>\n",
                       kLeft, y(s), kLeft + plot_w, y(s), kLeft - 6, y(s) + 4, s);
  }
  for (double t = 0; t <= x_max + step / 2; t += step) {
    svg += fmt::format("<line x1=\"{0:.2f}\" y1=\"{1:.2f}\" x2=\"{0:.2f}\" y2=\"{2:.2f}\" stroke=\"#000\"/>"
                       "<text x=\"{0:.2f}\" y=\"{3:.2f}\" text-anchor=\"middle\">{4}</text>\n",
                       x(t), kTop + plot_h, kTop + plot_h + 5, kTop + plot_h + 18, t);
  }
  svg += fmt::format("<text x=\"{:.2f}\" y=\"{:.2f}\" text-anchor=\"middle\">{}</text>\n",
                     kLeft + plot_w / 2, h - 14, core::escape_html(options.time_label));
  svg += fmt::format("<text transform=\"translate(16 {:.2f}) rotate(-90)\" text-anchor=\"middle\">"
                     "Survival probability</text>\n", kTop + plot_h / 2);
  // Curves: the band first (under the line), then the step line.
  for (std::size_t g = 0; g < result.curves.size(); ++g) {
    const auto& curve = result.curves[g];
    const char* colour = kColours[g % kColours.size()];
    if (curve.rows.empty()) continue;
    if (options.bands) {
      // Upper step edge forwards, lower step edge backwards: one closed polygon.
      std::vector<std::pair<double, double>> top{{0, 1}}, bottom{{0, 1}};
      for (const auto& row : curve.rows) {
        const double u = std::isnan(row.upper) ? top.back().second : row.upper;
        const double l = std::isnan(row.lower) ? 0 : row.lower;
        top.emplace_back(row.time, top.back().second);
        top.emplace_back(row.time, u);
        bottom.emplace_back(row.time, bottom.back().second);
        bottom.emplace_back(row.time, l);
      }
      std::string band;
      for (const auto& [t, v] : top) band += fmt::format("{}{:.2f} {:.2f}", band.empty() ? "M" : "L", x(t), y(v));
      for (auto it = bottom.rbegin(); it != bottom.rend(); ++it) {
        band += fmt::format("L{:.2f} {:.2f}", x(it->first), y(it->second));
      }
      svg += fmt::format("<path d=\"{}Z\" fill=\"{}\" fill-opacity=\"0.15\" stroke=\"none\"/>\n",
                         band, colour);
    }
    std::string line = fmt::format("M{:.2f} {:.2f}", x(0), y(1));
    for (const auto& row : curve.rows) {
      line += fmt::format("H{:.2f}V{:.2f}", x(row.time), y(row.surv));
    }
    svg += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>\n", line,
                       colour);
  }
  // Legend.
  for (std::size_t g = 0; g < result.curves.size(); ++g) {
    const double ly = kTop + 10 + 20 * static_cast<double>(g);
    const double lx = kLeft + plot_w + 16;
    svg += fmt::format("<line x1=\"{:.2f}\" y1=\"{:.2f}\" x2=\"{:.2f}\" y2=\"{:.2f}\" stroke=\"{}\" "
                       "stroke-width=\"3\"/><text x=\"{:.2f}\" y=\"{:.2f}\">{} (n={})</text>\n",
                       lx, ly, lx + 20, ly, kColours[g % kColours.size()], lx + 26, ly + 4,
                       core::escape_html(result.curves[g].label), result.curves[g].n);
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace oncoshare::analytics
