// Which defects each check family can inject into a patient without triggering another
// family. Rules that keep defects isolated:
//  - never blank or corrupt a field read by branching logic or a calculation
//    (topography only for colorectal patients, whose dependent fields are hidden anyway;
//    vital_status only when alive, so death_date is blank either way);
//  - an out-of-range height or weight comes with its BMI recomputed;
//  - temporal defects move a date within the dictionary's min/max;
//  - hidden values are valid codes/dates that respect every date order.
#include <fmt/format.h>

#include "core/civil_date.hpp"
#include "synth/cancer_catalog.hpp"
#include "synth/defects.hpp"
#include "synth/patient_rows.hpp"
#include "synth/random.hpp"

namespace oncoshare::synth {

namespace {

class Collector {
 public:
  Collector(const ExportLayout& layout, const std::vector<Row>& rows, std::vector<Candidate>& out)
      : layout_(layout), rows_(rows), out_(out) {}
  void add(std::string_view check, std::string_view column, std::string value, std::size_t row = 0) {
    out_.push_back(Candidate{check, CellEdit{row, layout_.column(column), std::move(value)}, std::nullopt});
  }
  void blank(std::string_view check, std::string_view column, std::size_t row = 0) {
    if (!rows_[row][layout_.column(column)].empty()) add(check, column, "", row);
  }
  void with_bmi(std::string_view check, std::string_view column, std::string value, long bmi) {
    add(check, column, std::move(value));
    out_.back().companion = CellEdit{0, layout_.column("bmi"), format_tenths(bmi)};
  }
  const std::string& cell(std::string_view column, std::size_t row = 0) const {
    return rows_[row][layout_.column(column)];
  }

 private:
  const ExportLayout& layout_;
  const std::vector<Row>& rows_;
  std::vector<Candidate>& out_;
};

void completeness(const Patient& p, Collector& c) {
  c.blank("completeness_minimal", "morphology");
  c.blank("completeness_minimal", "sex");
  if (p.x.cancer == Cancer::colorectal) c.blank("completeness_minimal", "topography");
  if (!p.dead) c.blank("completeness_minimal", "vital_status");
  for (const char* name : {"grade", "stage_group", "ct", "cn", "cm", "er_status", "pr_status", "her2_status",
                           "psa", "pt", "pn", "pm", "death_date"}) {
    c.blank("completeness_mandatory", name);
  }
  for (std::size_t i = 0; i < p.treatments.size(); ++i) {
    c.blank("completeness_mandatory", "treatment_start", i + 1);
    c.blank("completeness_mandatory", "drug", i + 1);
  }
  c.blank("completeness_required", "last_contact_date");
  c.blank("completeness_required", "recurrence");
}

void conformance(const Patient& p, Collector& c, Rng& rng) {
  c.add("conformance_datatype", "tumour_size_mm", fmt::format("{}.5", p.tumour_size_mm));
  c.add("conformance_datatype", "cea", "not done");
  for (std::size_t i = 0; i < p.treatments.size(); ++i) {
    if (p.treatments[i].type == 1) continue;
    // The 30th of February in the end date's own year: a real-looking, impossible date.
    const std::string& end = c.cell("treatment_end", i + 1);
    c.add("conformance_datatype", "treatment_end", end.substr(0, 4) + "-02-30", i + 1);
  }
  c.add("conformance_permissible", "grade", "5");
  c.add("conformance_permissible", "ecog", "7");
  c.add("conformance_permissible", "ct", "T9");
  c.add("conformance_permissible", "sex", "3");
  c.add("conformance_permissible", "intent", "9", 1);
  c.add("conformance_length", "postcode", p.postcode + "-" + std::to_string(rng.uniform_int(100, 999)));
  const std::size_t box = static_cast<std::size_t>(rng.uniform_int(1, 4));
  c.add("conformance_checkbox", "comorbidity___" + std::to_string(box), "2");
}

void plausibility(const Patient& p, Collector& c, Rng& rng) {
  // Heights and weights outside their min/max, with a BMI that still matches them.
  for (int h : {rng.bernoulli(0.5) ? 95 : 240}) {
    if (!bmi_near_tie(h, p.weight_tenths)) {
      c.with_bmi("plausibility_range", "height", format_height(h), bmi_tenths(h, p.weight_tenths));
    }
  }
  for (int w : {rng.bernoulli(0.5) ? 255 : 2600}) {
    if (!bmi_near_tie(p.height_cm, w)) {
      c.with_bmi("plausibility_range", "weight", format_tenths(w), bmi_tenths(p.height_cm, w));
    }
  }
  c.add("plausibility_range", "tumour_size_mm", rng.bernoulli(0.5) ? "0" : "450");
  c.add("plausibility_range", "cea", "2500.0");
  if (p.psa >= 0) c.add("plausibility_range", "psa", "6000.00");

  if (p.dead) {
    c.add("plausibility_temporal", "death_date", core::format_iso_date(p.diagnosis - rng.uniform_int(30, 400)));
  }
  c.add("plausibility_temporal", "treatment_start", core::format_iso_date(p.diagnosis - rng.uniform_int(10, 200)), 1);

  const long bmi = bmi_tenths(p.height_cm, p.weight_tenths);
  const long shift = rng.uniform_int(5, 30) * (rng.bernoulli(0.5) ? 1 : -1);
  c.add("plausibility_calc", "bmi", format_tenths(bmi + shift));
}

void hidden_values(const Patient& p, Collector& c, Rng& rng) {
  if (!p.dead) {
    c.add("branching_hidden_value", "death_date", core::format_iso_date(rng.uniform_int(p.diagnosis, p.last_contact)));
  }
  if (p.er < 0) c.add("branching_hidden_value", "er_status", "1");
  if (p.psa < 0) c.add("branching_hidden_value", "psa", "4.20");
  if (p.laterality == 0) c.add("branching_hidden_value", "laterality", "1");
  if (!p.histo_confirmed) c.add("branching_hidden_value", "pt", fmt::format("T{}", p.ct));
  for (std::size_t i = 0; i < p.treatments.size(); ++i) {
    const Treatment& t = p.treatments[i];
    if (t.type == 1) c.add("branching_hidden_value", "treatment_end", core::format_iso_date(t.start), i + 1);
    if (t.type != 3) c.add("branching_hidden_value", "drug", std::string(drugs()[t.drug].code), i + 1);
  }
}

}  // namespace

std::vector<Candidate> defect_candidates(const Patient& p, const ExportLayout& layout,
                                         const std::vector<Row>& rows, Rng& rng) {
  std::vector<Candidate> out;
  Collector c(layout, rows, out);
  completeness(p, c);
  conformance(p, c, rng);
  plausibility(p, c, rng);
  hidden_values(p, c, rng);
  return out;
}

}  // namespace oncoshare::synth
