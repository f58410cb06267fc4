// truth.json and README.txt: what the generator knows that the data only imply.
#pragma once

#include <string>

#include "synth/model.hpp"
#include "synth/synth.hpp"

namespace oncoshare::synth {

// The true model coefficients, censoring, defect rates and counts, as pretty JSON with
// sorted keys (deterministic).
[[nodiscard]] std::string truth_json(const SynthOptions& options, const CohortModel& model,
                                     const SynthSummary& summary);

// A short description of the files and of the rules clean data follow.
[[nodiscard]] std::string readme_text(const SynthOptions& options, const SynthSummary& summary);

// rules.csv: the date orders clean data satisfy, for `oncoshare quality --rules`.
[[nodiscard]] std::string rules_csv();

}  // namespace oncoshare::synth
