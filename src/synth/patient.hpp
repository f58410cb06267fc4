// One synthetic patient: the true, clean values of every field, as typed data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "synth/model.hpp"

namespace oncoshare::synth {

struct Treatment {
  int type = 1;             // 1 surgery, 2 radiotherapy, 3 systemic
  std::int64_t start = 0;   // days since 1970-01-01
  std::int64_t end = 0;     // unused for surgery
  std::size_t drug = 0;     // index into drugs(); systemic only
  int intent = 1;           // 1 curative, 2 palliative
};

struct Patient {
  std::string record_id;
  Covariates x;             // age_dx, sex, stage, grade, cancer, site
  std::int64_t birth = 0;
  std::int64_t diagnosis = 0;
  std::string postcode;
  int ecog = 0;
  std::array<bool, 4> comorbidity{};
  std::size_t topography = 0;   // index into topographies()
  std::size_t morphology = 0;   // index into morphologies()
  int laterality = 0;           // 0 not recorded (unpaired organ), 1 left, 2 right
  bool histo_confirmed = true;
  int tumour_size_mm = 0;
  int ct = 1, cn = 0, cm = 0;   // T1..T4, N0..N3, M0..M1
  int pt = 1, pn = 0, pm = 0;
  int er = -1, pr = -1, her2 = -1;  // -1 not applicable, 0 negative, 1 positive
  double psa = -1;              // ng/mL, prostate only (-1 otherwise)
  double cea = 0;               // ng/mL
  std::vector<Treatment> treatments;
  std::int64_t last_contact = 0;
  bool dead = false;
  std::int64_t death = 0;       // only when dead
  bool recurrence = false;
  int height_cm = 0;
  int weight_tenths = 0;        // weight in 0.1 kg, exported with one decimal
  bool complete_response = false;
};

// Draws patient number `index` (0-based over the whole cohort) of site `site` (0-based).
// The draw depends only on (seed, index, site, model), not on other patients.
[[nodiscard]] Patient draw_patient(const CohortModel& model, std::uint64_t seed, std::uint64_t index,
                                   std::size_t site, std::string record_id);

// round(w*10000/h^2, 1) as REDCap computes the bmi calc field, in tenths.
[[nodiscard]] long bmi_tenths(int height_cm, int weight_tenths);
// Whether the BMI lies within 1e-6 of a rounding tie (ambiguous across implementations).
[[nodiscard]] bool bmi_near_tie(int height_cm, int weight_tenths);

}  // namespace oncoshare::synth
