#include <fmt/format.h>

#include "synth/cohort_dictionary.hpp"
#include "synth/truth.hpp"

namespace oncoshare::synth {

std::string readme_text(const SynthOptions& options, const SynthSummary& summary) {
  return fmt::format(
      R"(Synthetic cancer registry made by `oncoshare synth` (seed {seed}, {sites} sites, {patients} patients).
Entirely synthetic: no real person is described. The same options give byte-identical files.

dictionary.csv  REDCap data dictionary (18 columns). Forms: demographics, diagnosis,
                treatment (repeating instrument, one instance per treatment), follow_up,
                measurements, outcome.
mapping.csv     oncoshare mapping: ICD-O-3, SNOMED CT, LOINC, RxNorm codes, units, FHIR/OMOP
                targets, OMOP concept ids where confirmed, requirement level (minimal /
                mandatory / recommended), mandatory_if, max_length.
site_<k>.csv    raw REDCap record export of site k: record_id, redcap_repeat_instrument,
                redcap_repeat_instance, redcap_data_access_group, then the dictionary's
                columns. Record ids "S<k>-<number>" are unique across sites.
defects.csv     ground truth of every injected data-quality defect (one per affected record;
                record rate {rate}): site, record_id, repeat_instrument, repeat_instance,
                variable (export column), check, original_value, injected_value.
                Every cell not listed there is clean.
truth.json      the true models: Cox log-hazard ratios (Weibull baseline) with per-site
                effects, censoring, logistic coefficients for complete_response, defect
                counts per check, site sizes.
rules.csv       the date-order rules clean data satisfy, as REDCap logic, in the format
                of `oncoshare quality --rules`; each names the field a failure is
                charged to.

Clean data satisfy: every value matches its validation (date_ymd dates exist and lie within
min/max, integer, number, number_1dp), choices and checkbox 0/1; postcode <= {maxlen}
characters; fields hidden by branching logic are blank and shown ones are filled; age_dx and
bmi equal their calculations; and birth_date < diagnosis_date <= treatment_start <=
treatment_end, diagnosis_date <= last_contact_date, diagnosis_date <= death_date
(= last_contact_date), every treatment date <= last_contact_date <= {end}.
Temporal defects move death_date before diagnosis_date (charged to death_date) or the
first treatment_start before diagnosis_date (charged to treatment_start); range defects on
height or weight come with bmi recomputed, so the calculation still agrees.
Files: {files} ({rows} data rows, {defects} defects).
)",
      fmt::arg("seed", options.seed), fmt::arg("sites", options.sites), fmt::arg("patients", options.patients),
      fmt::arg("rate", options.defect_rate), fmt::arg("maxlen", kPostcodeMaxLength), fmt::arg("end", kStudyEnd),
      fmt::arg("files", summary.files.size()), fmt::arg("rows", summary.rows),
      fmt::arg("defects", summary.defects));
}


std::string rules_csv() {
  // One rule per date order in README.txt; the last column is the field charged.
  return R"csv(id,description,logic,severity,family,variable
birth_before_diagnosis,"Birth precedes diagnosis",[birth_date] < [diagnosis_date],error,plausibility_temporal,diagnosis_date
diagnosis_before_death,"Death is not before diagnosis (charged to death_date)",[diagnosis_date] <= [death_date],error,plausibility_temporal,death_date
diagnosis_before_treatment,"Treatment starts on or after diagnosis (charged to treatment_start)",[diagnosis_date] <= [treatment_start],error,plausibility_temporal,treatment_start
treatment_start_before_end,"Treatment ends on or after its start",[treatment_start] <= [treatment_end],error,plausibility_temporal,treatment_end
diagnosis_before_last_contact,"Last contact is not before diagnosis",[diagnosis_date] <= [last_contact_date],error,plausibility_temporal,last_contact_date
treatment_start_before_last_contact,"Treatment starts on or before the last contact",[treatment_start] <= [last_contact_date],error,plausibility_temporal,treatment_start
treatment_end_before_last_contact,"Treatment ends on or before the last contact",[treatment_end] <= [last_contact_date],error,plausibility_temporal,treatment_end
)csv";
}

}  // namespace oncoshare::synth
