// Check families: what kind of data-quality problem a check looks for, where it sits in
// Kahn's framework (context / category / subcategory) and how much it weighs in scores.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace oncoshare::quality {

// The families of defects.csv (synth) plus the ones only real data need.
enum class Family : unsigned {
  completeness_minimal,
  completeness_mandatory,
  completeness_required,
  conformance_datatype,
  conformance_permissible,
  conformance_length,
  conformance_checkbox,
  plausibility_range,
  plausibility_temporal,
  plausibility_calc,
  branching_hidden_value,
  missing_code,           // a project missing-data code (UNK, NA...) stands for the value
  plausibility_outlier,   // beyond --outlier-sd standard deviations of the column's mean
};
inline constexpr std::size_t kFamilyCount = 13;

struct KahnClass {
  std::string_view context;      // Verification | Validation
  std::string_view category;     // Completeness | Conformance | Plausibility
  std::string_view subcategory;  // e.g. Value, Relational, Computational, Atemporal, Temporal
};

// Static facts about one family.
struct FamilyInfo {
  Family family;
  std::string_view name;   // snake_case, as in defects.csv and quality.json
  std::string_view label;  // the paper's Table 2 "Type" column (minimal_req, datatype...)
  KahnClass kahn;
  double default_weight;   // the paper's six sum to 100; the others weigh 0
};

// Every family, in enum order.
[[nodiscard]] const std::array<FamilyInfo, kFamilyCount>& families();
[[nodiscard]] const FamilyInfo& info(Family family);
// The family called `name`, or nullopt.
[[nodiscard]] std::optional<Family> parse_family(std::string_view name);
// "completeness_minimal" -> "completeness.minimal" (the prefix of check ids).
[[nodiscard]] std::string id_prefix(Family family);

// One number per family (weights, thresholds).
using FamilyValues = std::array<double, kFamilyCount>;

[[nodiscard]] FamilyValues default_weights();

// Applies "family=number,family=number" on top of `values`. Fails naming the item on an
// unknown family, a missing '=', or a number that is negative or not a number.
[[nodiscard]] core::Status parse_family_values(std::string_view text, std::string_view option,
                                               FamilyValues& values);

}  // namespace oncoshare::quality
