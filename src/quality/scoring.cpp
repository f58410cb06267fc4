#include "quality/scoring.hpp"

#include <cmath>

namespace oncoshare::quality {

Tally& Tally::operator+=(const Tally& other) {
  for (std::size_t i = 0; i < kFamilyCount; ++i) {
    pass[i] += other.pass[i];
    fail[i] += other.fail[i];
  }
  return *this;
}

bool Tally::empty() const {
  for (std::size_t i = 0; i < kFamilyCount; ++i) {
    if (pass[i] + fail[i] != 0) return false;
  }
  return true;
}

namespace {

double family_score(std::uint64_t pass, std::uint64_t fail, double weight) {
  const std::uint64_t total = pass + fail;
  if (total == 0) return weight;
  return static_cast<double>(pass) / static_cast<double>(total) * weight;
}

}  // namespace

std::vector<ScoreRow> score_rows(const Tally& tally, const FamilyValues& weights) {
  std::vector<ScoreRow> rows;
  for (std::size_t i = 0; i < kFamilyCount; ++i) {
    if (weights[i] == 0 && tally.pass[i] + tally.fail[i] == 0) continue;
    rows.push_back(ScoreRow{static_cast<Family>(i), tally.fail[i], tally.pass[i], weights[i],
                            family_score(tally.pass[i], tally.fail[i], weights[i])});
  }
  return rows;
}

double overall_score(const Tally& tally, const FamilyValues& weights) {
  double score = 0;
  double weight = 0;
  for (std::size_t i = 0; i < kFamilyCount; ++i) {
    score += family_score(tally.pass[i], tally.fail[i], weights[i]);
    weight += weights[i];
  }
  return weight == 0 ? 100.0 : 100.0 * score / weight;
}

double round2(double value) { return std::round(value * 100.0) / 100.0; }

}  // namespace oncoshare::quality
