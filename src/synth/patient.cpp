#include "synth/patient.hpp"

#include <algorithm>
#include <cmath>

#include "core/civil_date.hpp"
#include "synth/random.hpp"

namespace oncoshare::synth {

namespace {

const std::int64_t kDiagnosisFirst = core::days_from_civil(1995, 1, 1);
const std::int64_t kDiagnosisLast = core::days_from_civil(2023, 12, 31);
const std::int64_t kEnd = core::days_from_civil(2024, 12, 31);

template <std::size_t N>
int draw_level(Rng& rng, const std::array<double, N>& weights) {
  return static_cast<int>(rng.categorical(weights));
}

std::size_t draw_weighted(Rng& rng, std::span<const Weighted> items) {
  std::vector<double> w;
  for (const Weighted& item : items) w.push_back(item.weight);
  return items[rng.categorical(w)].index;
}

int stage_group(int t, int n, int m) {
  if (m == 1) return 4;
  if (n >= 2 || t == 4) return 3;
  if (n == 1 || t == 3) return 2;
  return 1;
}

int shift_category(Rng& rng, int value, int lo, int hi) {
  if (!rng.bernoulli(0.2)) return value;
  return std::clamp(value + (rng.bernoulli(0.5) ? 1 : -1), lo, hi);
}

void draw_tumour(Rng& rng, const CancerProfile& prof, Patient& p) {
  p.topography = draw_weighted(rng, prof.topographies);
  p.morphology = draw_weighted(rng, prof.morphologies);
  p.laterality = prof.lateral ? (rng.bernoulli(0.5) ? 1 : 2) : 0;
  p.x.grade = draw_level(rng, prof.grade) + 1;
  p.ct = draw_level(rng, prof.t) + 1;
  p.cn = draw_level(rng, prof.n);
  p.cm = rng.bernoulli(prof.m1) ? 1 : 0;
  p.x.stage = stage_group(p.ct, p.cn, p.cm);
  p.histo_confirmed = rng.bernoulli(0.92);
  p.pt = shift_category(rng, p.ct, 1, 4);
  p.pn = shift_category(rng, p.cn, 0, 3);
  p.pm = p.cm;
  static constexpr std::array<std::array<int, 2>, 4> kSize{{{5, 20}, {21, 50}, {51, 80}, {30, 150}}};
  const auto& range = kSize[static_cast<std::size_t>(p.ct - 1)];
  p.tumour_size_mm = static_cast<int>(rng.uniform_int(range[0], range[1]));
  if (p.x.cancer == Cancer::breast) {
    p.er = rng.bernoulli(0.75) ? 1 : 0;
    p.pr = rng.bernoulli(p.er == 1 ? 0.8 : 0.1) ? 1 : 0;
    p.her2 = rng.bernoulli(0.15) ? 1 : 0;
  }
  if (p.x.cancer == Cancer::prostate) {
    const double psa = std::exp(rng.normal(std::log(8.0) + 0.5 * (p.x.stage - 1), 0.8));
    p.psa = std::round(std::clamp(psa, 0.1, 4000.0) * 100.0) / 100.0;
  }
  const double cea_shift = p.x.cancer == Cancer::colorectal ? 0.3 * p.x.stage : 0.0;
  p.cea = std::round(std::clamp(std::exp(rng.normal(std::log(2.5) + cea_shift, 0.7)), 0.1, 1500.0) * 10.0) / 10.0;
}

void draw_person(Rng& rng, const CancerProfile& prof, Patient& p) {
  p.x.male = rng.bernoulli(prof.male_share);
  p.diagnosis = rng.uniform_int(kDiagnosisFirst, kDiagnosisLast);
  const double age = std::clamp(rng.normal(prof.age_mean, prof.age_sd), 25.0, 95.0);
  p.birth = p.diagnosis - static_cast<std::int64_t>(std::floor(age * core::kDaysPerYear));
  p.x.age_dx = static_cast<int>(std::floor(static_cast<double>(p.diagnosis - p.birth) / core::kDaysPerYear));
  p.postcode = std::to_string(rng.uniform_int(1000, 9999)) + " " +
               static_cast<char>('A' + rng.uniform_int(0, 25)) + static_cast<char>('A' + rng.uniform_int(0, 25));
  for (bool& c : p.comorbidity) c = rng.bernoulli(0.05 + 0.004 * std::max(0, p.x.age_dx - 40));
  const double mean_height = p.x.male ? 176.0 : 163.0;
  p.height_cm = static_cast<int>(std::lround(std::clamp(rng.normal(mean_height, 7.0), 140.0, 205.0)));
  const double bmi = std::clamp(rng.normal(26.0, 4.5), 16.0, 45.0);
  const double h = p.height_cm / 100.0;
  p.weight_tenths = static_cast<int>(std::lround(std::clamp(bmi * h * h, 35.0, 200.0) * 10.0));
  while (bmi_near_tie(p.height_cm, p.weight_tenths)) ++p.weight_tenths;
}

void draw_course(Rng& rng, const CohortModel& model, const CancerProfile& prof, Patient& p) {
  const std::array<double, 5> ecog_weights{p.x.stage < 4 ? 0.45 : 0.15, 0.3, 0.15, p.x.stage < 4 ? 0.07 : 0.25, 0.03};
  p.ecog = draw_level(rng, ecog_weights);
  // Weibull proportional hazards by inversion: H0(T) * exp(lp) = -log(U).
  const double lp = log_hazard(model.cox, p.x);
  const double e = -std::log(1.0 - rng.uniform());
  const double t_years = model.cox.weibull_scale_years * std::pow(e / std::exp(lp), 1.0 / model.cox.weibull_shape);
  const double loss_years = rng.exponential(model.loss_rate_per_year);
  const auto to_days = [](double years) {
    return static_cast<std::int64_t>(std::min(years * core::kDaysPerYear, 1e6));
  };
  const std::int64_t death = p.diagnosis + std::max<std::int64_t>(1, to_days(t_years));
  const std::int64_t censor = std::min(kEnd, p.diagnosis + to_days(loss_years));
  p.dead = death <= censor;
  p.death = p.dead ? death : 0;
  p.last_contact = p.dead ? death : censor;
  p.recurrence = p.x.stage < 4 && rng.bernoulli(0.1 + 0.05 * p.x.stage);

  const int count = static_cast<int>(rng.categorical(std::array<double, 3>{0.4, 0.4, 0.2})) + 1;
  std::int64_t start = p.diagnosis + rng.uniform_int(0, 60);
  for (int i = 0; i < count; ++i) {
    Treatment t;
    t.type = (i == 0 && p.x.stage < 4 && rng.bernoulli(0.7))
                 ? 1
                 : static_cast<int>(rng.categorical(std::array<double, 3>{0.2, 0.35, 0.45})) + 1;
    t.start = std::min(start, p.last_contact);
    const std::int64_t duration = t.type == 2 ? rng.uniform_int(20, 50) : rng.uniform_int(60, 180);
    t.end = std::min(t.start + duration, p.last_contact);
    t.drug = prof.drugs[static_cast<std::size_t>(rng.uniform_int(0, static_cast<std::int64_t>(prof.drugs.size()) - 1))];
    t.intent = rng.bernoulli(p.x.stage == 4 ? 0.8 : 0.1) ? 2 : 1;
    p.treatments.push_back(t);
    start = t.start + rng.uniform_int(7, 120);
  }
  p.complete_response = rng.bernoulli(1.0 / (1.0 + std::exp(-log_odds(model.logistic, p.x))));
}

}  // namespace

long bmi_tenths(int height_cm, int weight_tenths) {
  const double bmi = (weight_tenths / 10.0) * 10000.0 / (static_cast<double>(height_cm) * height_cm);
  return std::lround(bmi * 10.0);
}

bool bmi_near_tie(int height_cm, int weight_tenths) {
  const double scaled = (weight_tenths / 10.0) * 10000.0 / (static_cast<double>(height_cm) * height_cm) * 10.0;
  return std::fabs(scaled - std::floor(scaled) - 0.5) < 1e-6;
}

Patient draw_patient(const CohortModel& model, std::uint64_t seed, std::uint64_t index, std::size_t site,
                     std::string record_id) {
  Rng rng(seed, index);
  Patient p;
  p.record_id = std::move(record_id);
  p.x.site = site;
  std::array<double, kCancerCount> shares{};
  for (std::size_t c = 0; c < kCancerCount; ++c) shares[c] = profile(static_cast<Cancer>(c)).share;
  p.x.cancer = static_cast<Cancer>(rng.categorical(shares));
  const CancerProfile& prof = profile(p.x.cancer);
  draw_person(rng, prof, p);
  draw_tumour(rng, prof, p);
  draw_course(rng, model, prof, p);
  return p;
}

}  // namespace oncoshare::synth
