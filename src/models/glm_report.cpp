#include "models/glm_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace oncoshare::models {
namespace {

std::string number(double v) { return std::isnan(v) ? "NA" : fmt::format("{:.6g}", v); }

std::string p_value(double p) { return p < 2e-16 ? "<2e-16" : fmt::format("{:.3g}", p); }

nlohmann::json json_number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

}  // namespace

std::string format_glm(const GlmResult& r) {
  const char* stat = r.uses_t ? "t" : "z";
  std::size_t width = 11;
  for (const auto& c : r.coefficients) width = std::max(width, c.name.size());
  std::string out = fmt::format("Family: {}\n\nCoefficients:\n{:<{}} {:>12} {:>12} {:>9} {:>9} {:>12} {:>12}\n",
                                to_string(r.family), "", width, "Estimate", "Std. Error", fmt::format("{} value", stat),
                                fmt::format("Pr(>|{}|)", stat), "2.5 %", "97.5 %");
  for (const auto& c : r.coefficients) {
    out += fmt::format("{:<{}} {:>12} {:>12} {:>9} {:>9} {:>12} {:>12}\n", c.name, width, number(c.estimate),
                       number(c.std_error), fmt::format("{:.3f}", c.statistic), p_value(c.p_value), number(c.lower),
                       number(c.upper));
  }
  out += fmt::format("\n(Dispersion parameter for {} family taken to be {})\n\n", to_string(r.family),
                     number(r.dispersion));
  out += fmt::format("    Null deviance: {}  on {} degrees of freedom\n", number(r.null_deviance), r.df_null);
  out += fmt::format("Residual deviance: {}  on {} degrees of freedom\n", number(r.deviance), r.df_residual);
  out += fmt::format("AIC: {}\n\nNumber of Fisher Scoring iterations: {}\n", number(r.aic), r.iterations);
  out += fmt::format("Rows used: {}; excluded for missing values: {}\n", r.n, r.excluded);
  return out;
}

nlohmann::json glm_to_json(const GlmResult& r) {
  nlohmann::json coefficients = nlohmann::json::array();
  for (const auto& c : r.coefficients) {
    coefficients.push_back({{"name", c.name},
                            {"estimate", json_number(c.estimate)},
                            {"std_error", json_number(c.std_error)},
                            {"statistic", json_number(c.statistic)},
                            {"p_value", json_number(c.p_value)},
                            {"lower", json_number(c.lower)},
                            {"upper", json_number(c.upper)}});
  }
  return {{"family", std::string(to_string(r.family))},
          {"coefficients", std::move(coefficients)},
          {"statistic", r.uses_t ? "t" : "z"},
          {"dispersion", json_number(r.dispersion)},
          {"null_deviance", json_number(r.null_deviance)},
          {"df_null", r.df_null},
          {"deviance", json_number(r.deviance)},
          {"df_residual", r.df_residual},
          {"aic", json_number(r.aic)},
          {"iterations", r.iterations},
          {"rounds", r.rounds},
          {"n", r.n},
          {"excluded", r.excluded}};
}

}  // namespace oncoshare::models
