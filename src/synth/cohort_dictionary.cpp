#include "synth/cohort_dictionary.hpp"

#include <string>
#include <utility>

#include "synth/cancer_catalog.hpp"
#include "synth/omop_concepts.hpp"

namespace oncoshare::synth {

namespace {

using dictionary::Choice;
using dictionary::Coding;
using dictionary::FieldType;
using dictionary::Requirement;
using dictionary::ValidationKind;
using dictionary::Variable;

Coding code(std::string_view system, std::string_view value, std::string_view display) {
  return Coding{std::string(system), std::string(value), std::string(display)};
}

// Adds variables form by form; each call returns the new variable for further settings.
class FormBuilder {
 public:
  explicit FormBuilder(dictionary::Dictionary& dict) : dict_(dict) {}
  void form(std::string name, std::string fhir, std::string omop) {
    form_ = std::move(name);
    fhir_ = std::move(fhir);
    omop_ = std::move(omop);
  }
  Variable& add(std::string name, FieldType type, std::string label, Requirement requirement,
                Coding coding = {}) {
    flush();
    pending_.name = std::move(name);
    pending_.form = form_;
    pending_.type = type;
    pending_.label = std::move(label);
    pending_.mapping.requirement = requirement;
    pending_.mapping.coding = std::move(coding);
    pending_.mapping.fhir = fhir_;
    pending_.mapping.omop = omop_;
    has_pending_ = true;
    return pending_;
  }
  void flush() {
    if (has_pending_) {
      assign_omop_concepts(pending_);  // from the codes, so a code and its concept cannot drift
      dict_.add(std::move(pending_));
    }
    pending_ = Variable{};
    has_pending_ = false;
  }

 private:
  dictionary::Dictionary& dict_;
  std::string form_, fhir_, omop_;
  Variable pending_;
  bool has_pending_ = false;
};

void validate(Variable& v, ValidationKind kind, std::string name, std::string_view min = {},
              std::string_view max = {}) {
  v.validation.kind = kind;
  v.validation.name = std::move(name);
  v.validation.min = std::string(min);
  v.validation.max = std::string(max);
}

void date(Variable& v, std::string_view min) { validate(v, ValidationKind::date_ymd, "date_ymd", min, kStudyEnd); }

void choices(Variable& v, std::initializer_list<std::array<std::string_view, 3>> items,
             std::string_view system = kSnomed) {
  for (const auto& [value, label, concept_code] : items) {
    Choice c{std::string(value), std::string(label), {}};
    if (!concept_code.empty()) c.coding = code(system, concept_code, label);
    v.choices.push_back(std::move(c));
  }
}

void coded_choices(Variable& v, std::span<const CodedValue> items, std::string_view system) {
  for (const CodedValue& item : items) {
    Choice c{std::string(item.code), std::string(item.label), {}};
    if (!item.concept_code.empty()) c.coding = code(system, item.concept_code, item.label);
    v.choices.push_back(std::move(c));
  }
}

void yes_no(Variable& v) { choices(v, {{"1", "Yes", ""}, {"0", "No", ""}}); }

// Branching logic true exactly for the topographies of `cancer`.
std::string topography_is(Cancer cancer) {
  std::string logic;
  for (std::size_t i = 0; i < topographies().size(); ++i) {
    if (topography_cancer(i) != cancer) continue;
    if (!logic.empty()) logic += " or ";
    logic += "[topography] = '" + std::string(topographies()[i].code) + "'";
  }
  return logic;
}

void add_demographics(FormBuilder& b) {
  b.form("demographics", "mcode-cancer-patient", "person");
  auto& id = b.add("record_id", FieldType::text, "Record ID", Requirement::minimal);
  id.mapping.fhir = "Patient.identifier";
  id.mapping.omop = "person.person_source_value";
  auto& sex = b.add("sex", FieldType::radio, "Sex", Requirement::minimal,
                    code(kLoinc, "76689-9", "Sex assigned at birth"));
  choices(sex, {{"1", "Male", "248153007"}, {"2", "Female", "248152002"}});
  sex.mapping.fhir = "Patient.gender";
  sex.mapping.omop = "person.gender_concept_id";
  auto& birth = b.add("birth_date", FieldType::text, "Date of birth", Requirement::minimal,
                      code(kLoinc, "21112-8", "Birth date"));
  date(birth, kBirthMin);
  birth.identifier = true;
  birth.mapping.fhir = "Patient.birthDate";
  birth.mapping.omop = "person.birth_datetime";
  auto& age = b.add("age_dx", FieldType::calc, "Age at diagnosis (years)", Requirement::recommended,
                    code(kLoinc, "21612-7", "Age - Reported"));
  age.calculation = "rounddown(datediff([birth_date],[diagnosis_date],'y'),0)";
  age.mapping.unit = "a";
  age.mapping.fhir = "Observation.valueQuantity";
  auto& postcode = b.add("postcode", FieldType::text, "Postcode of residence", Requirement::recommended);
  postcode.identifier = true;
  postcode.mapping.max_length = kPostcodeMaxLength;
  postcode.mapping.fhir = "Patient.address.postalCode";
  postcode.mapping.omop = "location.zip";
  auto& ecog = b.add("ecog", FieldType::dropdown, "ECOG performance status", Requirement::recommended,
                     code(kLoinc, "89247-1", "ECOG Performance Status score"));
  choices(ecog, {{"0", "0 Fully active", "LA9622-7"}, {"1", "1 Restricted in strenuous activity", "LA9623-5"},
                 {"2", "2 Ambulatory, capable of self-care", "LA9624-3"},
                 {"3", "3 Limited self-care", "LA9625-0"}, {"4", "4 Completely disabled", "LA9626-8"}},
          kLoinc);
  ecog.mapping.fhir = "mcode-ecog-performance-status";
  ecog.mapping.omop = "measurement";
  auto& comorbidity = b.add("comorbidity", FieldType::checkbox, "Comorbidities (all that apply)",
                            Requirement::recommended);
  choices(comorbidity, {{"1", "Diabetes mellitus", "73211009"}, {"2", "Hypertension", "38341003"},
                        {"3", "Chronic obstructive lung disease", "13645005"},
                        {"4", "Heart disease", "56265001"}});
  comorbidity.mapping.fhir = "mcode-comorbidities";
  comorbidity.mapping.omop = "condition_occurrence";
}

void add_tnm(FormBuilder& b, const char* prefix, const char* kind, std::array<std::string_view, 4> t,
             std::array<std::string_view, 4> n, std::array<std::string_view, 2> m,
             const std::string& logic) {
  const std::string p(prefix);
  auto& tv = b.add(p + "t", FieldType::dropdown, std::string(kind) + " T category", Requirement::mandatory,
                   code(kSnomed, p == "c" ? "399504009" : "384625004", std::string(kind) + " T category"));
  choices(tv, {{"T1", p + "T1", t[0]}, {"T2", p + "T2", t[1]}, {"T3", p + "T3", t[2]}, {"T4", p + "T4", t[3]}});
  tv.branching_logic = logic;
  tv.mapping.mandatory_if = logic;
  tv.mapping.fhir = "mcode-tnm-primary-tumor-category";
  auto& nv = b.add(p + "n", FieldType::dropdown, std::string(kind) + " N category", Requirement::mandatory,
                   code(kSnomed, p == "c" ? "399534004" : "371494008", std::string(kind) + " N category"));
  choices(nv, {{"N0", p + "N0", n[0]}, {"N1", p + "N1", n[1]}, {"N2", p + "N2", n[2]}, {"N3", p + "N3", n[3]}});
  nv.branching_logic = logic;
  nv.mapping.mandatory_if = logic;
  nv.mapping.fhir = "mcode-tnm-regional-nodes-category";
  auto& mv = b.add(p + "m", FieldType::dropdown, std::string(kind) + " M category", Requirement::mandatory,
                   code(kSnomed, p == "c" ? "399387003" : "371497001", std::string(kind) + " M category"));
  choices(mv, {{"M0", p + "M0", m[0]}, {"M1", p + "M1", m[1]}});
  mv.branching_logic = logic;
  mv.mapping.mandatory_if = logic;
  mv.mapping.fhir = "mcode-tnm-distant-metastases-category";
}

void add_receptor(FormBuilder& b, const char* name, const char* label, std::string_view loinc,
                  std::string_view negative, std::string_view positive, const std::string& breast) {
  auto& v = b.add(name, FieldType::radio, label, Requirement::mandatory, code(kLoinc, loinc, label));
  choices(v, {{"0", "Negative", negative}, {"1", "Positive", positive}});
  v.branching_logic = breast;
  v.mapping.mandatory_if = breast;
  v.mapping.fhir = "mcode-tumor-marker-test";
}

void add_diagnosis(FormBuilder& b) {
  b.form("diagnosis", "mcode-primary-cancer-condition", "condition_occurrence");
  auto& dx = b.add("diagnosis_date", FieldType::text, "Date of diagnosis", Requirement::minimal);
  date(dx, kEventMin);
  dx.mapping.fhir = "Condition.onsetDateTime";
  dx.mapping.omop = "condition_occurrence.condition_start_date";
  auto& topo = b.add("topography", FieldType::dropdown, "Primary site (ICD-O-3 topography)", Requirement::minimal);
  coded_choices(topo, topographies(), kIcdO3);
  topo.mapping.fhir = "Condition.bodySite";
  auto& morph = b.add("morphology", FieldType::dropdown, "Histology (ICD-O-3 morphology)", Requirement::minimal);
  coded_choices(morph, morphologies(), kIcdO3);
  morph.mapping.fhir = "mcode-histology-morphology-behavior";
  auto& lat = b.add("laterality", FieldType::radio, "Laterality", Requirement::recommended);
  choices(lat, {{"1", "Left", "7771000"}, {"2", "Right", "24028007"}});
  lat.branching_logic = topography_is(Cancer::breast) + " or " + topography_is(Cancer::lung);
  lat.mapping.fhir = "Condition.bodySite.extension:lateralityQualifier";
  auto& grade = b.add("grade", FieldType::dropdown, "Histologic grade", Requirement::mandatory);
  choices(grade, {{"1", "G1 Well differentiated", "54102005"}, {"2", "G2 Moderately differentiated", "1663004"},
                  {"3", "G3 Poorly differentiated", "61026006"}, {"4", "G4 Undifferentiated", ""}});
  grade.choices[3].coding = code(kNcit, "C28080", "G4 Undifferentiated");
  grade.mapping.fhir = "mcode-histologic-grade";
  grade.mapping.omop = "measurement";
  auto& histo = b.add("histo_confirmed", FieldType::yesno, "Histopathology confirmed", Requirement::mandatory);
  yes_no(histo);
  histo.mapping.fhir = "Condition.verificationStatus";  // yes/no: confirmed / provisional
  auto& size = b.add("tumour_size_mm", FieldType::text, "Tumour size (mm)", Requirement::recommended,
                     code(kLoinc, "21889-1", "Size Tumor"));
  validate(size, ValidationKind::integer, "integer", "1", "300");
  size.mapping.unit = "mm";
  size.mapping.fhir = "mcode-tumor-size";
  size.mapping.omop = "measurement";
  add_tnm(b, "c", "Clinical", {"1228889001", "1228929004", "1228938002", "1228944003"},
          {"1229967007", "1229973008", "1229978004", "1229984001"}, {"1229901006", "1229903009"}, "");
  add_tnm(b, "p", "Pathological", {"1228957006", "1229852009", "1229859000", "1229864001"},
          {"1229947003", "1229951001", "1229957002", "1229962001"}, {"1229901006", "1229916009"},
          "[histo_confirmed] = '1'");
  auto& stage = b.add("stage_group", FieldType::dropdown, "Stage group", Requirement::mandatory,
                      code(kSnomed, "399537006", "Clinical TNM stage grouping"));
  choices(stage, {{"1", "Stage I", ""}, {"2", "Stage II", "1222765007"}, {"3", "Stage III", ""},
                  {"4", "Stage IV", "1222837003"}});
  stage.choices[0].coding = code(kAjcc, "1", "Stage I");
  stage.choices[2].coding = code(kAjcc, "3", "Stage III");
  stage.mapping.fhir = "mcode-tnm-stage-group";
  const std::string breast = topography_is(Cancer::breast);
  add_receptor(b, "er_status", "Estrogen receptor status", "16112-5", "441117001", "416053008", breast);
  add_receptor(b, "pr_status", "Progesterone receptor status", "16113-3", "441118006", "416561008", breast);
  add_receptor(b, "her2_status", "HER2 status", "48676-1", "431396003", "427685000", breast);
  auto& psa = b.add("psa", FieldType::text, "PSA at diagnosis (ng/mL)", Requirement::mandatory,
                    code(kLoinc, "2857-1", "Prostate specific Ag [Mass/volume] in Serum or Plasma"));
  validate(psa, ValidationKind::number, "number", "0", "5000");
  psa.branching_logic = topography_is(Cancer::prostate);
  psa.mapping.mandatory_if = psa.branching_logic;
  psa.mapping.unit = "ng/mL";
  psa.mapping.fhir = "mcode-tumor-marker-test";
  psa.mapping.omop = "measurement";
  auto& cea = b.add("cea", FieldType::text, "CEA at diagnosis (ng/mL)", Requirement::recommended,
                    code(kLoinc, "2039-6", "Carcinoembryonic Ag [Mass/volume] in Serum or Plasma"));
  validate(cea, ValidationKind::number, "number", "0", "2000");
  cea.mapping.unit = "ng/mL";
  cea.mapping.fhir = "mcode-tumor-marker-test";
  cea.mapping.omop = "measurement";
}

void add_treatment(FormBuilder& b) {
  b.form(std::string(kTreatmentForm), "Procedure", "episode");
  auto& type = b.add("treatment_type", FieldType::dropdown, "Treatment type", Requirement::mandatory);
  choices(type, {{"1", "Surgery", "387713003"}, {"2", "Radiotherapy", "108290001"},
                 {"3", "Systemic therapy", "18629005"}});
  auto& start = b.add("treatment_start", FieldType::text, "Start date", Requirement::mandatory);
  date(start, kEventMin);
  start.mapping.omop = "episode.episode_start_date";
  start.mapping.fhir = "Procedure.performedPeriod.start";
  auto& end = b.add("treatment_end", FieldType::text, "End date", Requirement::recommended);
  date(end, kEventMin);
  end.branching_logic = "[treatment_type] <> '1'";
  end.mapping.omop = "episode.episode_end_date";
  end.mapping.fhir = "Procedure.performedPeriod.end";
  auto& drug = b.add("drug", FieldType::dropdown, "Drug", Requirement::mandatory);
  coded_choices(drug, drugs(), kRxNorm);
  drug.branching_logic = "[treatment_type] = '3'";
  drug.mapping.mandatory_if = drug.branching_logic;
  drug.mapping.fhir = "mcode-cancer-related-medication-administration";
  drug.mapping.omop = "drug_exposure";
  auto& intent = b.add("intent", FieldType::radio, "Treatment intent", Requirement::recommended);
  choices(intent, {{"1", "Curative", "373808002"}, {"2", "Palliative", "363676003"}});
  intent.mapping.fhir = "Procedure.extension:treatmentIntent";
}

void add_follow_up(FormBuilder& b) {
  b.form("follow_up", "mcode-cancer-patient", "observation_period");
  auto& last = b.add("last_contact_date", FieldType::text, "Date of last contact", Requirement::recommended);
  date(last, kEventMin);
  last.required = true;
  // A follow-up contact is an outpatient visit (OMOP Visit concept 9202): a visit per contact.
  last.mapping.omop = "visit_occurrence.visit_start_date";
  last.mapping.omop_concept_id = 9202;
  last.mapping.fhir = "mcode-cancer-disease-status.effectiveDateTime";
  auto& vital = b.add("vital_status", FieldType::radio, "Vital status", Requirement::minimal);
  choices(vital, {{"0", "Alive", "438949009"}, {"1", "Dead", "419099009"}});
  vital.mapping.fhir = "Patient.deceased";
  auto& death = b.add("death_date", FieldType::text, "Date of death", Requirement::mandatory);
  date(death, kEventMin);
  death.branching_logic = "[vital_status] = '1'";
  death.mapping.mandatory_if = death.branching_logic;
  death.mapping.fhir = "Patient.deceasedDateTime";
  death.mapping.omop = "death.death_date";
  auto& recurrence = b.add("recurrence", FieldType::yesno, "Recurrence", Requirement::recommended);
  choices(recurrence, {{"1", "Yes", "271299001"}, {"0", "No", "359746009"}});  // condition worsened / stable
  recurrence.required = true;
  recurrence.mapping.fhir = "mcode-cancer-disease-status";
}

void add_measurements(FormBuilder& b) {
  b.form("measurements", "Observation", "measurement");
  auto& height = b.add("height", FieldType::text, "Height (cm)", Requirement::recommended,
                       code(kLoinc, "8302-2", "Body height"));
  validate(height, ValidationKind::number, "number", "100", "230");
  height.mapping.unit = "cm";
  auto& weight = b.add("weight", FieldType::text, "Weight (kg)", Requirement::recommended,
                       code(kLoinc, "29463-7", "Body weight"));
  validate(weight, ValidationKind::number, "number_1dp", "30", "250");
  weight.validation.decimals = 1;
  weight.mapping.unit = "kg";
  auto& bmi = b.add("bmi", FieldType::calc, "Body mass index (kg/m2)", Requirement::recommended,
                    code(kLoinc, "39156-5", "Body mass index (BMI) [Ratio]"));
  bmi.calculation = "round([weight]*10000/([height]^2),1)";
  bmi.mapping.unit = "kg/m2";
}

void add_outcome(FormBuilder& b) {
  b.form("outcome", "Observation", "observation");
  auto& cr = b.add("complete_response", FieldType::yesno, "Complete response to first-line treatment",
                   Requirement::recommended, code(kNcit, "C4870", "Complete Remission"));
  yes_no(cr);
  b.flush();
}

}  // namespace

dictionary::Dictionary cohort_dictionary() {
  dictionary::Dictionary dict;
  dict.set_source("oncoshare synth");
  FormBuilder b(dict);
  add_demographics(b);
  add_diagnosis(b);
  add_treatment(b);
  add_follow_up(b);
  add_measurements(b);
  add_outcome(b);
  return dict;
}

}  // namespace oncoshare::synth
