// Weighted data-quality scores in the layout of the EuCanImage paper's Table 2: per family
// Score = pass / total * weight; the overall score is the sum of the family scores,
// rescaled to 0..100 by the sum of the weights (which is 100 with the default weights).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "quality/families.hpp"

namespace oncoshare::quality {

// Pass/fail counts of check evaluations per family (one evaluation = one cell or one rule
// on one row).
struct Tally {
  std::array<std::uint64_t, kFamilyCount> pass{};
  std::array<std::uint64_t, kFamilyCount> fail{};

  void add(Family family, bool passed) {
    (passed ? pass : fail)[static_cast<std::size_t>(family)] += 1;
  }
  Tally& operator+=(const Tally& other);
  [[nodiscard]] bool empty() const;
};

struct ScoreRow {
  Family family;
  std::uint64_t fail = 0;
  std::uint64_t pass = 0;
  double weight = 0;
  double score = 0;  // unrounded
};

// One row per family with a non-zero weight or any evaluation, in family order. A family
// with no evaluations (total 0) gets its full weight: nothing in it could fail.
[[nodiscard]] std::vector<ScoreRow> score_rows(const Tally& tally, const FamilyValues& weights);

// 100 * sum(score) / sum(weight) over all families, unrounded; 100 when every weight is 0.
[[nodiscard]] double overall_score(const Tally& tally, const FamilyValues& weights);

// Rounds to 2 decimals, as reported.
[[nodiscard]] double round2(double value);

}  // namespace oncoshare::quality
