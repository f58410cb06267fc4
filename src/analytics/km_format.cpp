#include "analytics/km_format.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace oncoshare::analytics {
namespace {

std::string g4(double x) { return std::isnan(x) ? "NA" : fmt::format("{:.4g}", x); }

nlohmann::json number(double x) { return std::isnan(x) ? nlohmann::json(nullptr) : nlohmann::json(x); }

}  // namespace

std::string km_text(const KmResult& result) {
  std::string out;
  const int percent = static_cast<int>(std::lround(result.options.conf_level * 100));
  for (const auto& curve : result.curves) {
    if (!out.empty()) out += "\n";
    out += curve.group.empty() ? fmt::format("{}\n", curve.label)
                               : fmt::format("{} ({})\n", curve.label, curve.group);
    out += fmt::format("{:>8} {:>7} {:>8} {:>9} {:>9} {:>9} {:>10} {:>10}\n", "time", "n.risk",
                       "n.event", "n.censor", "survival", "std.err",
                       fmt::format("lower {}%", percent), fmt::format("upper {}%", percent));
    for (const auto& row : curve.rows) {
      out += fmt::format("{:>8} {:>7} {:>8} {:>9} {:>9} {:>9} {:>10} {:>10}\n", g4(row.time),
                         row.n_risk, row.n_event, row.n_censor, g4(row.surv), g4(row.std_err),
                         g4(row.lower), g4(row.upper));
    }
    out += fmt::format("n={} events={} median={} {}% CI [{}, {}]\n", curve.n, curve.events,
                       g4(curve.median), percent, g4(curve.median_lower), g4(curve.median_upper));
  }
  if (result.excluded > 0) {
    out += fmt::format("\n{} rows excluded (no time, event or group)\n", result.excluded);
  }
  return out;
}

nlohmann::json km_json(const KmResult& result) {
  nlohmann::json curves = nlohmann::json::array();
  for (const auto& curve : result.curves) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : curve.rows) {
      rows.push_back({{"time", r.time}, {"n_risk", r.n_risk}, {"n_event", r.n_event},
                      {"n_censor", r.n_censor}, {"survival", number(r.surv)},
                      {"std_err", number(r.std_err)}, {"lower", number(r.lower)},
                      {"upper", number(r.upper)}});
    }
    curves.push_back({{"group", curve.group}, {"label", curve.label}, {"n", curve.n},
                      {"events", curve.events}, {"median", number(curve.median)},
                      {"median_lower", number(curve.median_lower)},
                      {"median_upper", number(curve.median_upper)}, {"rows", std::move(rows)}});
  }
  return {{"conf_level", result.options.conf_level},
          {"conf_type", std::string(to_string(result.options.conf_type))},
          {"excluded", result.excluded},
          {"curves", std::move(curves)}};
}

std::string log_rank_text(const LogRankResult& result) {
  const std::size_t groups = result.groups.size();
  std::size_t width = 5;
  for (const auto& label : result.labels) width = std::max(width, label.size());
  std::string out = fmt::format("{:<{}} {:>6} {:>9} {:>9} {:>10} {:>10}\n", "", width, "N",
                                "Observed", "Expected", "(O-E)^2/E", "(O-E)^2/V");
  for (std::size_t g = 0; g < groups; ++g) {
    const double diff = result.observed[g] - result.expected[g];
    out += fmt::format("{:<{}} {:>6} {:>9} {:>9} {:>10} {:>10}\n", result.labels[g], width,
                       result.n[g], g4(result.observed[g]), g4(result.expected[g]),
                       g4(diff * diff / result.expected[g]),
                       g4(diff * diff / result.variance[g * groups + g]));
  }
  out += fmt::format("\n Chisq= {}  on {} degrees of freedom, p= {}\n", g4(result.chi_square),
                     result.df, g4(result.p_value));
  return out;
}

nlohmann::json log_rank_json(const LogRankResult& result) {
  return {{"groups", result.groups},         {"labels", result.labels},
          {"n", result.n},                   {"observed", result.observed},
          {"expected", result.expected},     {"variance", result.variance},
          {"chi_square", result.chi_square}, {"df", result.df},
          {"p_value", number(result.p_value)}};
}

}  // namespace oncoshare::analytics
