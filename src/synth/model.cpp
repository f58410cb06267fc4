#include "synth/model.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "synth/random.hpp"

namespace oncoshare::synth {

namespace {
// Stream number reserved for model parameters (patients use their index).
constexpr std::uint64_t kModelStream = 0xC0407ULL << 40;

double age_term(int age_dx) { return (age_dx - kAgeCentre) / kAgeScale; }
}  // namespace

CohortModel make_model(std::uint64_t seed, std::size_t sites) {
  CohortModel model;
  Rng rng(seed, kModelStream);
  for (std::size_t k = 0; k < sites; ++k) {
    // Rounded to 3 decimals so truth.json states exactly the values used.
    auto round3 = [](double v) { return std::round(v * 1000.0) / 1000.0; };
    const double hazard = rng.normal(0.0, 0.2);
    const double odds = rng.normal(0.0, 0.3);
    const double share = rng.uniform(0.5, 1.5);
    model.cox.site.push_back(k == 0 ? 0.0 : round3(hazard));
    model.logistic.site.push_back(k == 0 ? 0.0 : round3(odds));
    model.site_share.push_back(round3(share));
  }
  return model;
}

double log_hazard(const CoxModel& m, const Covariates& x) {
  return m.age_per_10y * age_term(x.age_dx) + (x.male ? m.male : 0.0) +
         m.stage.at(static_cast<std::size_t>(x.stage - 1)) +
         m.grade.at(static_cast<std::size_t>(x.grade - 1)) +
         m.cancer.at(static_cast<std::size_t>(x.cancer)) + m.site.at(x.site);
}

double log_odds(const LogisticModel& m, const Covariates& x) {
  return m.intercept + m.age_per_10y * age_term(x.age_dx) +
         m.stage.at(static_cast<std::size_t>(x.stage - 1)) +
         m.grade.at(static_cast<std::size_t>(x.grade - 1)) + m.site.at(x.site);
}

std::vector<std::uint64_t> split_patients(std::uint64_t patients, const std::vector<double>& shares) {
  const double total = std::accumulate(shares.begin(), shares.end(), 0.0);
  std::vector<std::uint64_t> counts(shares.size());
  std::vector<std::pair<double, std::size_t>> remainders;
  std::uint64_t assigned = 0;
  for (std::size_t k = 0; k < shares.size(); ++k) {
    const double exact = static_cast<double>(patients) * shares[k] / total;
    counts[k] = static_cast<std::uint64_t>(std::floor(exact));
    assigned += counts[k];
    remainders.emplace_back(exact - std::floor(exact), k);
  }
  // Larger remainders first; ties by site order, so the split is deterministic.
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t i = 0; assigned < patients; ++i, ++assigned) {
    ++counts[remainders[i % remainders.size()].second];
  }
  return counts;
}

}  // namespace oncoshare::synth
