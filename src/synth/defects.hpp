// Data-quality defects injected into the clean export, with their ground truth. Each
// defective record gets exactly one defect, chosen so that it is detectable by itself:
// it breaks one check family in one cell and leaves every other check passing (e.g. a
// blanked field is never one that branching logic or a calculation depends on, and an
// out-of-range height comes with a BMI recomputed from it).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "synth/export_layout.hpp"
#include "synth/patient.hpp"

namespace oncoshare::synth {

// The check families of defects.csv, in the order used for counts.
inline constexpr std::array<std::string_view, 11> kCheckFamilies{
    "completeness_minimal",  "completeness_mandatory", "completeness_required",
    "conformance_datatype",  "conformance_permissible", "conformance_length",
    "conformance_checkbox",  "plausibility_range",     "plausibility_temporal",
    "plausibility_calc",     "branching_hidden_value"};

// One injected defect: the cell and what changed. `instrument`/`instance` are empty for
// the record's base row.
struct Defect {
  std::string record_id;
  std::string instrument;
  std::string instance;
  std::string variable;   // export column
  std::string check;      // one of kCheckFamilies
  std::string original;
  std::string injected;
};

// A cell change proposed for one check family (see defect_candidates.cpp).
struct CellEdit {
  std::size_t row = 0;
  std::size_t column = 0;
  std::string value;
};
struct Candidate {
  std::string_view check;
  CellEdit edit;
  std::optional<CellEdit> companion;  // a dependent cell kept consistent (recomputed BMI)
};

class Rng;
// Every defect that could be injected into this patient's rows, grouped by nothing.
[[nodiscard]] std::vector<Candidate> defect_candidates(const Patient& patient, const ExportLayout& layout,
                                                       const std::vector<Row>& rows, Rng& rng);

class DefectInjector {
 public:
  // `rate`: probability in [0, 1] that a record receives a defect.
  DefectInjector(const ExportLayout& layout, std::uint64_t seed, double rate);

  // With probability `rate`, applies one defect to `rows` (as made by render_patient for
  // `patient`, cohort index `index`) and returns it; otherwise leaves them alone.
  [[nodiscard]] std::optional<Defect> maybe_inject(const Patient& patient, std::uint64_t index,
                                                   std::vector<Row>& rows) const;

 private:
  const ExportLayout& layout_;
  std::uint64_t seed_;
  double rate_;
};

}  // namespace oncoshare::synth
