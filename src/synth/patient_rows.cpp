#include "synth/patient_rows.hpp"

#include <fmt/format.h>

#include "core/civil_date.hpp"
#include "synth/cancer_catalog.hpp"
#include "synth/cohort_dictionary.hpp"

namespace oncoshare::synth {

namespace {

constexpr std::string_view kComplete = "2";

class RowFiller {
 public:
  RowFiller(const ExportLayout& layout, Row& row) : layout_(layout), row_(row) {}
  void set(std::string_view column, std::string value) { row_[layout_.column(column)] = std::move(value); }
  void set(std::string_view column, int value) { set(column, std::to_string(value)); }
  void date(std::string_view column, std::int64_t days) { set(column, core::format_iso_date(days)); }

 private:
  const ExportLayout& layout_;
  Row& row_;
};

void fill_base(const Patient& p, RowFiller& f) {
  f.set("sex", p.x.male ? "1" : "2");
  f.date("birth_date", p.birth);
  f.set("age_dx", p.x.age_dx);
  f.set("postcode", p.postcode);
  f.set("ecog", p.ecog);
  for (std::size_t i = 0; i < p.comorbidity.size(); ++i) {
    f.set(fmt::format("comorbidity___{}", i + 1), p.comorbidity[i] ? "1" : "0");
  }
  f.set("demographics_complete", std::string(kComplete));

  f.date("diagnosis_date", p.diagnosis);
  f.set("topography", std::string(topographies()[p.topography].code));
  f.set("morphology", std::string(morphologies()[p.morphology].code));
  if (p.laterality != 0) f.set("laterality", p.laterality);
  f.set("grade", p.x.grade);
  f.set("histo_confirmed", p.histo_confirmed ? "1" : "0");
  f.set("tumour_size_mm", p.tumour_size_mm);
  f.set("ct", fmt::format("T{}", p.ct));
  f.set("cn", fmt::format("N{}", p.cn));
  f.set("cm", fmt::format("M{}", p.cm));
  if (p.histo_confirmed) {
    f.set("pt", fmt::format("T{}", p.pt));
    f.set("pn", fmt::format("N{}", p.pn));
    f.set("pm", fmt::format("M{}", p.pm));
  }
  f.set("stage_group", p.x.stage);
  if (p.er >= 0) {
    f.set("er_status", p.er);
    f.set("pr_status", p.pr);
    f.set("her2_status", p.her2);
  }
  if (p.psa >= 0) f.set("psa", fmt::format("{:.2f}", p.psa));
  f.set("cea", fmt::format("{:.1f}", p.cea));
  f.set("diagnosis_complete", std::string(kComplete));

  f.date("last_contact_date", p.last_contact);
  f.set("vital_status", p.dead ? "1" : "0");
  if (p.dead) f.date("death_date", p.death);
  f.set("recurrence", p.recurrence ? "1" : "0");
  f.set("follow_up_complete", std::string(kComplete));

  f.set("height", format_height(p.height_cm));
  f.set("weight", format_tenths(p.weight_tenths));
  f.set("bmi", format_tenths(bmi_tenths(p.height_cm, p.weight_tenths)));
  f.set("measurements_complete", std::string(kComplete));

  f.set("complete_response", p.complete_response ? "1" : "0");
  f.set("outcome_complete", std::string(kComplete));
}

void fill_treatment(const Treatment& t, RowFiller& f) {
  f.set("treatment_type", t.type);
  f.date("treatment_start", t.start);
  if (t.type != 1) f.date("treatment_end", t.end);
  if (t.type == 3) f.set("drug", std::string(drugs()[t.drug].code));
  f.set("intent", t.intent);
  f.set(std::string(kTreatmentForm) + "_complete", std::string(kComplete));
}

}  // namespace

std::string format_tenths(long tenths) {
  const char* sign = tenths < 0 ? "-" : "";
  const long magnitude = tenths < 0 ? -tenths : tenths;
  return fmt::format("{}{}.{}", sign, magnitude / 10, magnitude % 10);
}

std::string format_height(int height_cm) { return std::to_string(height_cm); }

void render_patient(const Patient& p, const ExportLayout& layout, std::string_view dag, std::vector<Row>& rows) {
  rows.assign(1 + p.treatments.size(), layout.blank_row());
  for (Row& row : rows) {
    row[0] = p.record_id;
    row[kDagColumn] = std::string(dag);
  }
  RowFiller base(layout, rows[0]);
  fill_base(p, base);
  for (std::size_t i = 0; i < p.treatments.size(); ++i) {
    Row& row = rows[i + 1];
    row[kInstrumentColumn] = std::string(kTreatmentForm);
    row[kInstanceColumn] = std::to_string(i + 1);
    RowFiller f(layout, row);
    fill_treatment(p.treatments[i], f);
  }
}

}  // namespace oncoshare::synth
