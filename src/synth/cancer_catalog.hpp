// The terminology behind the synthetic registry: which cancers it holds, their ICD-O-3
// sites and morphologies, the drugs given for them (RxNorm) and how each is distributed.
// Shared by the dictionary (choices and codes) and the patient draw (frequencies).
#pragma once

#include <array>
#include <span>
#include <string_view>

namespace oncoshare::synth {

enum class Cancer { breast, lung, colorectal, prostate };
inline constexpr std::size_t kCancerCount = 4;

// A choice of a coded dropdown: REDCap raw code, label, and the ontology concept.
struct CodedValue {
  std::string_view code;
  std::string_view label;
  std::string_view concept_code;  // empty when no standard code is known to us
};

// Weighted index into one of the tables below.
struct Weighted {
  std::size_t index;
  double weight;
};

struct CancerProfile {
  std::string_view name;
  double share;                      // fraction of the registry
  std::span<const Weighted> topographies;
  std::span<const Weighted> morphologies;
  std::span<const std::size_t> drugs;
  double age_mean, age_sd;           // age at diagnosis, years
  double male_share;
  std::array<double, 4> grade;       // G1..G4
  std::array<double, 4> t;           // T1..T4
  std::array<double, 4> n;           // N0..N3
  double m1;                         // probability of distant metastasis
  bool lateral;                      // paired organ: laterality recorded
};

// ICD-O-3 topography (code is the ICD-O-3 code itself) and which cancer it belongs to.
[[nodiscard]] std::span<const CodedValue> topographies();
[[nodiscard]] Cancer topography_cancer(std::size_t index);
// ICD-O-3 morphology; concept_code holds "8500/3" style codes (REDCap codes cannot hold '/').
[[nodiscard]] std::span<const CodedValue> morphologies();
// Drugs (RxNorm ingredient codes).
[[nodiscard]] std::span<const CodedValue> drugs();
[[nodiscard]] const CancerProfile& profile(Cancer cancer);

}  // namespace oncoshare::synth
