// Text and JSON forms of a CoxResult (declared in cox.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "models/cox.hpp"

namespace oncoshare::models {
namespace {

std::string model_line(const CoxResult& r) {
  return fmt::format("Cox proportional hazards, {}, ties = {}, {} site{}\n",
                     r.stratified ? "stratified by site (exact)" : "pooled baseline hazard",
                     to_string(r.options.ties), r.sites, r.sites == 1 ? "" : "s");
}

std::string grid_line(const CoxResult& r) {
  if (r.stratified) return "";
  if (!r.coarsened) {
    return fmt::format("  event times: exact union of {} distinct event times\n", r.event_times);
  }
  return fmt::format(
      "  fitted on the coarsened grid: times rounded up to multiples of {:g} days ({} grid "
      "times with events); an approximation of coxph on the original times\n",
      r.grid_step, r.event_times);
}

nlohmann::json number(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

nlohmann::json test_json(const CoxTest& t) {
  return {{"statistic", number(t.statistic)}, {"df", t.df}, {"p_value", number(t.p_value)}};
}

}  // namespace

std::string format_cox(const CoxResult& r) {
  std::size_t width = 4;
  for (const auto& c : r.coefficients) width = std::max(width, c.name.size());
  std::string out = model_line(r);
  out += fmt::format("  n = {}, number of events = {}\n", r.n, r.events);
  out += grid_line(r);
  out += fmt::format("\n{:<{}} {:>12} {:>12} {:>12} {:>9} {:>10}\n", "", width, "coef",
                     "exp(coef)", "se(coef)", "z", "Pr(>|z|)");
  for (const auto& c : r.coefficients) {
    out += fmt::format("{:<{}} {:>12.6g} {:>12.6g} {:>12.6g} {:>9.4g} {:>10.4g}\n", c.name, width,
                       c.coef, c.exp_coef, c.se, c.z, c.p_value);
  }
  const int level = static_cast<int>(std::lround(r.options.conf_level * 100));
  out += fmt::format("\n{:<{}} {:>12} {:>12} {:>12} {:>12}\n", "", width, "exp(coef)",
                     "exp(-coef)", fmt::format("lower .{}", level), fmt::format("upper .{}", level));
  for (const auto& c : r.coefficients) {
    out += fmt::format("{:<{}} {:>12.6g} {:>12.6g} {:>12.6g} {:>12.6g}\n", c.name, width,
                       c.exp_coef, 1 / c.exp_coef, c.lower, c.upper);
  }
  const CoxConcordance& k = r.concordance;
  out += fmt::format("\nConcordance = {:.4f} (concordant {:g}, discordant {:g}, tied {:g}){}\n",
                     k.value, k.concordant, k.discordant, k.tied_x,
                     k.approximate ? "; approximate: pooled from binned linear predictors" : "");
  const auto test = [](std::string_view name, const CoxTest& t) {
    return fmt::format("{:<22}= {:.4f} on {} df, p = {:.4g}\n", name, t.statistic, t.df, t.p_value);
  };
  out += test("Likelihood ratio test", r.likelihood_ratio);
  out += test("Wald test", r.wald);
  out += test("Score (logrank) test", r.score);
  out += fmt::format("Log partial likelihood: null {:.6f}, model {:.6f}; {} iterations, {} rounds\n",
                     r.loglik_null, r.loglik, r.iterations, r.rounds);
  for (const auto& w : r.warnings) out += "Warning: " + w + "\n";
  return out;
}

nlohmann::json cox_json(const CoxResult& r) {
  nlohmann::json coefficients = nlohmann::json::array();
  for (const auto& c : r.coefficients) {
    coefficients.push_back({{"name", c.name},
                            {"coef", number(c.coef)},
                            {"exp_coef", number(c.exp_coef)},
                            {"se", number(c.se)},
                            {"z", number(c.z)},
                            {"p_value", number(c.p_value)},
                            {"lower", number(c.lower)},
                            {"upper", number(c.upper)}});
  }
  nlohmann::json variance = nlohmann::json::array();
  for (Eigen::Index i = 0; i < r.variance.rows(); ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (Eigen::Index j = 0; j < r.variance.cols(); ++j) row.push_back(number(r.variance(i, j)));
    variance.push_back(row);
  }
  nlohmann::json out = {
      {"model", r.stratified ? "stratified_by_site" : "pooled"},
      {"ties", to_string(r.options.ties)},
      {"sites", r.sites},
      {"n", r.n},
      {"events", r.events},
      {"conf_level", r.options.conf_level},
      {"coefficients", coefficients},
      {"variance", variance},
      {"loglik", {number(r.loglik_null), number(r.loglik)}},
      {"iterations", r.iterations},
      {"converged", r.converged},
      {"rounds", r.rounds},
      {"likelihood_ratio", test_json(r.likelihood_ratio)},
      {"wald", test_json(r.wald)},
      {"score", test_json(r.score)},
      {"concordance",
       {{"value", number(r.concordance.value)},
        {"concordant", r.concordance.concordant},
        {"discordant", r.concordance.discordant},
        {"tied_x", r.concordance.tied_x},
        {"approximate", r.concordance.approximate}}},
      {"warnings", r.warnings},
  };
  if (!r.stratified) {
    out["time_grid"] = {{"step", r.grid_step},
                        {"event_times", r.event_times},
                        {"coarsened", r.coarsened}};
  }
  return out;
}

}  // namespace oncoshare::models
