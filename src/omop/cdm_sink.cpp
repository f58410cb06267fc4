#include "omop/cdm_sink.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <simdjson.h>
#include <optional>
#include <string_view>
#include <vector>

#include "core/civil_date.hpp"
#include "omop/cdm_concepts.hpp"
#include "omop/cdm_row.hpp"
#include "omop/eras.hpp"

namespace oncoshare::omop {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using Node = std::optional<element>;  // a JSON value, or none (absent, or of another type)

constexpr std::string_view kUcum = "http://unitsofmeasure.org";
constexpr std::string_view kMcodeProfiles = "http://hl7.org/fhir/us/mcode/StructureDefinition/";

Node member(const element& j, std::string_view key) {
  element found;
  if (j.at_key(key).get(found) != simdjson::SUCCESS) return std::nullopt;
  return found;
}

Node member(const Node& j, std::string_view key) { return j ? member(*j, key) : std::nullopt; }

std::string_view text_of(const element& j, std::string_view key) {
  std::string_view text;
  if (j.at_key(key).get(text) != simdjson::SUCCESS) return {};
  return text;
}

std::string_view text_of(const Node& j, std::string_view key) { return j ? text_of(*j, key) : std::string_view(); }

// Element `index` of an array, or none.
Node item(const Node& j, std::size_t index) {
  array a;
  if (!j || j->get(a) != simdjson::SUCCESS || index >= a.size()) return std::nullopt;
  element found;
  if (a.at(index).get(found) != simdjson::SUCCESS) return std::nullopt;
  return found;
}

// The items of an array (none for anything else).
std::vector<element> items(const Node& j) {
  std::vector<element> all;
  array a;
  if (j && j->get(a) == simdjson::SUCCESS) {
    for (element e : a) all.push_back(e);
  }
  return all;
}

// The first coding of a CodeableConcept, or none (absent, or text only).
Node first_coding(const Node& concept_value) { return item(member(concept_value, "coding"), 0); }

// The mCODE profile id a resource claims ("mcode-tnm-stage-group"), or "".
std::string_view profile_of(const element& resource) {
  std::string_view url;
  const Node profile = item(member(member(resource, "meta"), "profile"), 0);
  if (!profile || profile->get(url) != simdjson::SUCCESS) return {};
  return url.substr(0, kMcodeProfiles.size()) == kMcodeProfiles ? url.substr(kMcodeProfiles.size()) : url;
}

bool cancer_modifier(std::string_view profile) {
  return profile.starts_with("mcode-tnm-") || profile == "mcode-histologic-grade" ||
         profile == "mcode-tumor-marker-test" || profile == "mcode-tumor-size";
}

// Where a variable's Observation goes: the mapping's `omop` table when it names one,
// measurement for quantities and cancer modifiers, observation otherwise.
bool to_measurement(std::string_view profile, const dictionary::Variable* variable, bool quantity) {
  if (cancer_modifier(profile) || profile == "mcode-ecog-performance-status") return true;
  if (variable != nullptr) {
    const std::string_view table = std::string_view(variable->mapping.omop).substr(0, variable->mapping.omop.find('.'));
    if (table == "measurement") return true;
    if (table == "observation") return false;
  }
  return quantity;
}

// One treatment line: the procedures and medications of one export row share its period.
struct Regimen {
  std::string start, end;
  std::int64_t episode_id = 0;
  std::int64_t object_concept = 0;
  std::vector<std::pair<std::int64_t, std::int64_t>> events;  // (event id, field concept_id)
};

}  // namespace

std::vector<std::size_t> visit_variables(const dictionary::Dictionary& dict) {
  std::vector<std::size_t> visits;
  for (std::size_t i = 0; i < dict.variables().size(); ++i) {
    const std::string& target = dict.variables()[i].mapping.omop;
    if (target == "visit_occurrence" || target == "visit_occurrence.visit_start_date") visits.push_back(i);
  }
  return visits;
}

struct CdmSink::State {
  const dictionary::Dictionary& dict;
  CdmWriter& writer;
  const MappedConcepts& concepts;
  ConceptBook& book;
  CdmStats stats;

  // The patient being collected.
  fhir::PatientFacts facts;
  std::string resources;            // "[" + the resources' JSON, comma-separated
  std::vector<std::string> types;  // their resource types, in order
  simdjson::dom::parser parser;

  // Ids: one sequence per table, so ids are stable for the same input.
  std::int64_t next_person = 0, next_condition = 0, next_measurement = 0, next_observation = 0,
               next_procedure = 0, next_drug = 0, next_specimen = 0, next_episode = 0, next_period = 0,
               next_visit = 0, next_condition_era = 0, next_drug_era = 0;

  // Per person while its rows are written.
  std::int64_t person_id = 0;
  std::string anchor_date;  // the primary cancer's diagnosis date: the date of undated items
  std::string first_date, last_date;
  std::int64_t condition_id = 0;  // 0: no primary cancer
  std::int64_t disease_episode = 0;
  std::vector<std::pair<std::int64_t, std::int64_t>> disease_events;
  std::vector<Regimen> regimens;
  std::vector<Span> condition_spans, drug_spans;

  CdmRow person{"person"}, death{"death"}, period{"observation_period"}, condition{"condition_occurrence"},
      measurement{"measurement"}, observation{"observation"}, procedure{"procedure_occurrence"},
      drug{"drug_exposure"}, specimen{"specimen"}, episode{"episode"}, episode_event{"episode_event"},
      visit{"visit_occurrence"}, condition_era{"condition_era"}, drug_era{"drug_era"};

  State(const dictionary::Dictionary& d, CdmWriter& w, const MappedConcepts& c, ConceptBook& b)
      : dict(d), writer(w), concepts(c), book(b) {}

  core::Status emit(CdmRow& row, std::int64_t concept_id) {
    const std::string_view table = row.table().name;
    auto it = stats.rows.find(table);
    if (it == stats.rows.end()) it = stats.rows.emplace(std::string(table), 0).first;
    ++it->second;
    if (concept_id != 0) ++stats.standard_rows[std::string(table)];
    return row.write_to(writer);
  }

  // Text for a column of `length` characters (0: any); longer text is cut at a character
  // boundary and counted.
  std::string_view fit(std::string_view text, std::size_t length) {
    if (length == 0) return text;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
      if (chars++ == length) {
        ++stats.values_truncated;
        return text.substr(0, i);
      }
    }
    return text;
  }

  void note_date(std::string_view date) {
    if (date.empty()) return;
    if (first_date.empty() || date < first_date) first_date = date;
    if (last_date.empty() || date > last_date) last_date = date;
  }

  // The concept_id of a coding: the mapping's id (recorded in the vocabulary rows in `domain`)
  // or 0.
  std::int64_t concept_of(const Node& coding, std::string_view domain) {
    if (!coding) return 0;
    return concept_of(text_of(*coding, "system"), text_of(*coding, "code"), text_of(*coding, "display"), domain);
  }

  std::int64_t concept_of(std::string_view system, std::string_view code, std::string_view display,
                          std::string_view domain) {
    const std::optional<std::int64_t> id = concepts.concept_id(system, code);
    if (!id || *id == 0) return 0;
    // drug_era rolls exposures up by their concept: a drug is taken to be coded as its
    // ingredient (docs/omop.md).
    return book.use(*id, display.empty() ? code : display, domain, vocabulary_of(system), code,
                    domain == "Drug" ? "Ingredient" : "Undefined");
  }

  std::int64_t fixed(std::int64_t id, std::string_view name, std::string_view domain, std::string_view vocabulary) {
    if (book.knows(id)) return id;
    return book.use(id, name, domain, vocabulary, fmt::format("{}", id));
  }

  std::int64_t registry() { return fixed(concepts::kRegistry, "Registry", "Type Concept", "Type Concept"); }

  std::optional<std::string_view> source_code(const Node& coding, std::size_t length) {
    if (!coding) return std::nullopt;
    const std::string_view code = text_of(*coding, "code");
    if (code.empty()) return std::nullopt;
    return fit(code, length);
  }

  std::size_t length_of(const CdmRow& row, std::string_view field) const {
    return row.table().fields[static_cast<std::size_t>(row.table().field(field))].length;
  }

  // ---- person, death, observation period ----

  core::Status write_person(const element& patient) {
    person_id = ++next_person;
    std::string_view gender = text_of(patient, "gender");
    std::int64_t gender_concept = 0;
    if (const std::optional<std::int64_t> mapped = concepts.gender(gender); mapped) {
      gender_concept = *mapped;
    } else if (gender == "male") {
      gender_concept = concepts::kMale;
    } else if (gender == "female") {
      gender_concept = concepts::kFemale;
    }
    if (gender_concept != 0 && !book.knows(gender_concept)) {
      const std::string_view name = gender_concept == concepts::kFemale ? "FEMALE"
                                    : gender_concept == concepts::kMale ? "MALE"
                                                                        : gender;
      book.use(gender_concept, name, "Gender", "Gender", gender);
    }
    const std::string_view birth = text_of(patient, "birthDate");
    person.set("person_id", person_id).set("gender_concept_id", gender_concept).set("race_concept_id", std::int64_t{0});
    person.set("ethnicity_concept_id", std::int64_t{0}).set("year_of_birth", std::int64_t{*facts.birth_year});
    if (birth.size() == 10) {
      person.set("month_of_birth", static_cast<std::int64_t>(std::stoi(std::string(birth.substr(5, 2)))))
          .set("day_of_birth", static_cast<std::int64_t>(std::stoi(std::string(birth.substr(8, 2)))))
          .set("birth_datetime", fmt::format("{} 00:00:00", birth));
    }
    if (const Node identifier = item(member(patient, "identifier"), 0); identifier) {
      person.set("person_source_value", fit(text_of(*identifier, "value"), length_of(person, "person_source_value")));
    }
    if (!gender.empty()) person.set("gender_source_value", gender);
    return emit(person, gender_concept);
  }

  core::Status write_death(const element& patient) {
    const std::string_view date = text_of(patient, "deceasedDateTime");
    if (date.empty()) {
      bool deceased = false;
      if (const Node flag = member(patient, "deceasedBoolean"); flag && flag->get(deceased) == simdjson::SUCCESS && deceased) {
        ++stats.deaths_without_date;
      }
      return {};
    }
    note_date(date);
    death.set("person_id", person_id).set("death_date", date).set("death_type_concept_id", registry());
    return emit(death, 0);
  }

  core::Status write_observation_period() {
    if (first_date.empty()) return {};
    period.set("observation_period_id", ++next_period)
        .set("person_id", person_id)
        .set("observation_period_start_date", first_date)
        .set("observation_period_end_date", last_date)
        .set("period_type_concept_id", registry());
    return emit(period, 0);
  }

  // ---- conditions and the disease episode ----

  core::Status write_condition_row(std::int64_t id, std::int64_t concept_id, std::string_view date,
                                   std::optional<std::string_view> source) {
    note_date(date);
    add_span(condition_spans, concept_id, date, date);
    condition.set("condition_occurrence_id", id)
        .set("person_id", person_id)
        .set("condition_concept_id", concept_id)
        .set("condition_start_date", date)
        .set("condition_type_concept_id", registry())
        .set("condition_source_value", source)
        .set("condition_source_concept_id", concept_id);
    return emit(condition, concept_id);
  }

  core::Status write_primary_condition(const element& resource) {
    const std::string_view onset = text_of(resource, "onsetDateTime");
    if (onset.empty()) {
      ++stats.items_without_date;
      return {};
    }
    anchor_date = onset;
    const std::int64_t concept_id = concept_of(first_coding(member(resource, "code")), "Condition");
    // OncologyWG: the ICD-O-3 histology/behaviour-topography pair is the source value.
    std::string source;
    for (const element& e : items(member(resource, "extension"))) {
      if (text_of(e, "url").ends_with("mcode-histology-morphology-behavior")) {
        source = text_of(first_coding(member(e, "valueCodeableConcept")), "code");
      }
    }
    if (const std::string_view site = text_of(first_coding(item(member(resource, "bodySite"), 0)), "code");
        !site.empty()) {
      source = source.empty() ? std::string(site) : source + "-" + std::string(site);
    }
    if (source.empty()) source = text_of(first_coding(member(resource, "code")), "code");
    const std::string_view fitted = fit(source, length_of(condition, "condition_source_value"));
    condition_id = ++next_condition;
    ONCOSHARE_TRY(write_condition_row(condition_id, concept_id, onset, fitted));
    disease_episode = ++next_episode;
    disease_events.emplace_back(condition_id, fixed(concepts::kConditionOccurrenceId,
                                                    "condition_occurrence.condition_occurrence_id", "Metadata", "CDM"));
    episode.set("episode_id", disease_episode)
        .set("person_id", person_id)
        .set("episode_concept_id", fixed(concepts::kDiseaseFirstOccurrence, "Disease First Occurrence", "Episode",
                                         "Episode"))
        .set("episode_start_date", onset)
        .set("episode_number", std::int64_t{1})
        .set("episode_object_concept_id", concept_id)
        .set("episode_type_concept_id", registry())
        .set("episode_source_value", fitted.substr(0, length_of(episode, "episode_source_value")));
    return emit(episode, concepts::kDiseaseFirstOccurrence);
  }

  core::Status write_secondary_condition(const element& resource) {
    if (anchor_date.empty()) {
      ++stats.items_without_date;
      return {};
    }
    const Node coding = first_coding(member(resource, "code"));
    return write_condition_row(++next_condition, concept_of(coding, "Condition"), anchor_date,
                               source_code(coding, length_of(condition, "condition_source_value")));
  }

  // Comorbid conditions present become conditions (dated by the diagnosis they were
  // recorded with); absent ones are counted, as OMOP records what is.
  core::Status write_comorbidities(const element& resource) {
    for (const element& e : items(member(resource, "extension"))) {
      if (!text_of(e, "url").ends_with("mcode-comorbid-condition-present")) {
        ++stats.absent_comorbidities;
        continue;
      }
      if (anchor_date.empty()) {
        ++stats.items_without_date;
        continue;
      }
      const Node coding = first_coding(member(e, "valueCodeableConcept"));
      ONCOSHARE_TRY(write_condition_row(++next_condition, concept_of(coding, "Condition"), anchor_date,
                                        source_code(coding, length_of(condition, "condition_source_value"))));
    }
    return {};
  }

  // ---- measurements and observations ----

  std::string date_or_anchor(const element& resource, std::string_view key) {
    const std::string_view date = text_of(resource, key);
    return std::string(date.empty() ? std::string_view(anchor_date) : date);
  }

  core::Status write_observation_resource(const element& resource) {
    const std::string_view profile = profile_of(resource);
    if (profile == "mcode-comorbidities") return write_comorbidities(resource);
    const std::string date = date_or_anchor(resource, "effectiveDateTime");
    if (date.empty()) {
      ++stats.items_without_date;
      return {};
    }
    const Node code = first_coding(member(resource, "code"));
    const dictionary::Variable* variable =
        code ? concepts.variable(text_of(*code, "system"), text_of(*code, "code")) : nullptr;
    Node quantity = member(resource, "valueQuantity");
    if (const Node component = item(member(resource, "component"), 0); component) {
      quantity = member(*component, "valueQuantity");  // tumour size: its longest dimension
    }
    const Node integer = member(resource, "valueInteger");
    Node value_concept = first_coding(member(resource, "valueCodeableConcept"));
    if (!value_concept && integer) value_concept = first_coding(item(member(resource, "interpretation"), 0));
    note_date(date);
    if (to_measurement(profile, variable, quantity.has_value())) {
      return write_measurement(profile, code, quantity, integer, value_concept, date);
    }
    const std::int64_t concept_id = concept_of(code, "Observation");
    observation.set("observation_id", ++next_observation)
        .set("person_id", person_id)
        .set("observation_concept_id", concept_id)
        .set("observation_date", date)
        .set("observation_type_concept_id", registry())
        .set("observation_source_value", source_code(code, length_of(observation, "observation_source_value")))
        .set("observation_source_concept_id", concept_id);
    write_value(observation, quantity, integer, value_concept);
    if (const std::string_view text = text_of(resource, "valueString"); !text.empty()) {
      observation.set("value_as_string", fit(text, length_of(observation, "value_as_string")));
    } else if (const std::string_view when = text_of(resource, "valueDateTime"); !when.empty()) {
      observation.set("value_as_datetime", fmt::format("{} 00:00:00", when));
    }
    return emit(observation, concept_id);
  }

  // value_as_number, value_as_concept_id and the unit, shared by measurement and observation.
  void write_value(CdmRow& row, const Node& quantity, const Node& integer, const Node& value_concept) {
    double number = 0;
    if (const Node value = member(quantity, "value"); value && value->get(number) == simdjson::SUCCESS) {
      row.set("value_as_number", number);
      const std::string_view unit = text_of(quantity, "code");
      if (!unit.empty()) {
        row.set("unit_concept_id", concept_of(kUcum, unit, unit, "Unit"));  // 0: a unit, not mapped
        row.set("unit_source_value", fit(unit, length_of(row, "unit_source_value")));
      }
    } else if (integer && integer->get(number) == simdjson::SUCCESS) {
      row.set("value_as_number", number);
    }
    if (value_concept) row.set("value_as_concept_id", concept_of(value_concept, "Meas Value"));
  }

  core::Status write_measurement(std::string_view profile, const Node& code, const Node& quantity, const Node& integer,
                                 const Node& value_concept, const std::string& date) {
    const std::int64_t concept_id = concept_of(code, "Measurement");
    const std::int64_t id = ++next_measurement;
    measurement.set("measurement_id", id)
        .set("person_id", person_id)
        .set("measurement_concept_id", concept_id)
        .set("measurement_date", date)
        .set("measurement_type_concept_id", registry())
        .set("measurement_source_value", source_code(code, length_of(measurement, "measurement_source_value")))
        .set("measurement_source_concept_id", concept_id);
    write_value(measurement, quantity, integer, value_concept);
    if (value_concept) {
      measurement.set("value_source_value", source_code(value_concept, length_of(measurement, "value_source_value")));
    }
    if (cancer_modifier(profile) && condition_id != 0) {
      // OncologyWG: a cancer modifier points at the condition it describes.
      measurement.set("measurement_event_id", condition_id)
          .set("meas_event_field_concept_id",
               fixed(concepts::kConditionOccurrenceId, "condition_occurrence.condition_occurrence_id", "Metadata",
                     "CDM"));
      disease_events.emplace_back(id, fixed(concepts::kMeasurementId, "measurement.measurement_id", "Metadata", "CDM"));
    }
    return emit(measurement, concept_id);
  }

  // ---- treatments and their regimens ----

  Regimen& regimen_of(std::string_view start, std::string_view end) {
    for (Regimen& r : regimens) {
      if (r.start == start && r.end == end) return r;
    }
    regimens.push_back(Regimen{std::string(start), std::string(end)});
    return regimens.back();
  }

  // The dates of a treatment: its period and the date its row takes (the start, else the end,
  // else the diagnosis), noted in the person's span; none, and counted, without any date.
  struct TreatmentDates {
    std::string_view start, end;
    std::string first;
  };

  std::optional<TreatmentDates> treatment_dates(std::string_view start, std::string_view end) {
    std::string first(start.empty() ? (end.empty() ? std::string_view(anchor_date) : end) : start);
    if (first.empty()) {
      ++stats.items_without_date;
      return std::nullopt;
    }
    note_date(first);
    note_date(end);
    return TreatmentDates{start, end, std::move(first)};
  }

  // Puts event `id` (of the table `field` names) into the regimen of its period.
  void join_regimen(const TreatmentDates& dates, std::int64_t concept_id, std::int64_t id, std::int64_t field,
                    std::string_view field_name) {
    Regimen& r = regimen_of(dates.start, dates.end);
    if (r.object_concept == 0) r.object_concept = concept_id;
    r.events.emplace_back(id, fixed(field, field_name, "Metadata", "CDM"));
  }

  core::Status write_procedure(const element& resource) {
    const Node period = member(resource, "performedPeriod");
    const std::optional<TreatmentDates> dates = treatment_dates(text_of(period, "start"), text_of(period, "end"));
    if (!dates) return {};
    const Node code = first_coding(member(resource, "code"));
    const std::int64_t concept_id = concept_of(code, "Procedure");
    const std::int64_t id = ++next_procedure;
    procedure.set("procedure_occurrence_id", id)
        .set("person_id", person_id)
        .set("procedure_concept_id", concept_id)
        .set("procedure_date", dates->first)
        .set("procedure_end_date", dates->end.empty() ? std::optional<std::string_view>() : dates->end)
        .set("procedure_type_concept_id", registry())
        .set("procedure_source_value", source_code(code, length_of(procedure, "procedure_source_value")))
        .set("procedure_source_concept_id", concept_id);
    join_regimen(*dates, concept_id, id, concepts::kProcedureOccurrenceId, "procedure_occurrence.procedure_occurrence_id");
    return emit(procedure, concept_id);
  }

  core::Status write_drug(const element& resource) {
    const Node period = member(resource, "effectivePeriod");
    const std::optional<TreatmentDates> dates =
        treatment_dates(period ? text_of(period, "start") : text_of(resource, "authoredOn"), text_of(period, "end"));
    if (!dates) return {};
    const Node code = first_coding(member(resource, "medicationCodeableConcept"));
    const std::int64_t concept_id = concept_of(code, "Drug");
    // drug_exposure_end_date is required: a single administration ends the day it starts.
    const std::string_view end = dates->end.empty() ? std::string_view(dates->first) : dates->end;
    add_span(drug_spans, concept_id, dates->first, end);
    const std::int64_t id = ++next_drug;
    drug.set("drug_exposure_id", id)
        .set("person_id", person_id)
        .set("drug_concept_id", concept_id)
        .set("drug_exposure_start_date", dates->first)
        .set("drug_exposure_end_date", end)
        .set("drug_type_concept_id", registry())
        .set("drug_source_value", source_code(code, length_of(drug, "drug_source_value")))
        .set("drug_source_concept_id", concept_id);
    join_regimen(*dates, concept_id, id, concepts::kDrugExposureId, "drug_exposure.drug_exposure_id");
    return emit(drug, concept_id);
  }

  core::Status write_regimens() {
    const std::int64_t regimen_concept =
        fixed(concepts::kTreatmentRegimen, "Treatment Regimen", "Episode", "Episode");
    std::int64_t number = 0;
    for (Regimen& r : regimens) {
      r.episode_id = ++next_episode;
      const std::string_view start = r.start.empty() ? std::string_view(r.end.empty() ? anchor_date : r.end)
                                                     : std::string_view(r.start);
      episode.set("episode_id", r.episode_id)
          .set("person_id", person_id)
          .set("episode_concept_id", regimen_concept)
          .set("episode_start_date", start)
          .set("episode_end_date", r.end.empty() ? std::optional<std::string_view>() : std::string_view(r.end))
          .set("episode_number", ++number)
          .set("episode_object_concept_id", r.object_concept)
          .set("episode_type_concept_id", registry());
      if (disease_episode != 0) episode.set("episode_parent_id", disease_episode);
      ONCOSHARE_TRY(emit(episode, regimen_concept));
      ONCOSHARE_TRY(write_episode_events(r.episode_id, r.events));
    }
    return {};
  }

  core::Status write_episode_events(std::int64_t episode_id,
                                    const std::vector<std::pair<std::int64_t, std::int64_t>>& events) {
    for (const auto& [event, field] : events) {
      episode_event.set("episode_id", episode_id).set("event_id", event).set("episode_event_field_concept_id", field);
      ONCOSHARE_TRY(emit(episode_event, 0));
    }
    return {};
  }

  // ---- specimens and reports ----

  core::Status write_specimen(const element& resource) {
    if (anchor_date.empty()) {
      ++stats.items_without_date;
      return {};
    }
    const Node coding = first_coding(member(resource, "type"));
    const std::int64_t concept_id = concept_of(coding, "Specimen");
    specimen.set("specimen_id", ++next_specimen)
        .set("person_id", person_id)
        .set("specimen_concept_id", concept_id)
        .set("specimen_type_concept_id", registry())
        .set("specimen_date", anchor_date)
        .set("specimen_source_value", source_code(coding, length_of(specimen, "specimen_source_value")));
    return emit(specimen, concept_id);
  }

  core::Status write_report(const element& resource) {
    if (anchor_date.empty()) {
      ++stats.items_without_date;
      return {};
    }
    const Node code = first_coding(member(resource, "code"));
    const std::int64_t concept_id = concept_of(code, "Observation");
    observation.set("observation_id", ++next_observation)
        .set("person_id", person_id)
        .set("observation_concept_id", concept_id)
        .set("observation_date", anchor_date)
        .set("observation_type_concept_id", registry())
        .set("observation_source_value", source_code(code, length_of(observation, "observation_source_value")));
    if (const Node conclusion = item(member(resource, "conclusionCode"), 0); conclusion) {
      observation.set("value_as_concept_id", concept_of(first_coding(conclusion), "Meas Value"));
    } else if (const std::string_view text = text_of(resource, "conclusion"); !text.empty()) {
      observation.set("value_as_string", fit(text, length_of(observation, "value_as_string")));
    }
    note_date(anchor_date);
    return emit(observation, concept_id);
  }

  // ---- eras ----

  static void add_span(std::vector<Span>& spans, std::int64_t concept_id, std::string_view start,
                       std::string_view end) {
    const std::optional<std::int64_t> first = core::parse_iso_date(start);
    const std::optional<std::int64_t> last = core::parse_iso_date(end);
    if (concept_id != 0 && first && last) spans.push_back(Span{concept_id, *first, std::max(*first, *last)});
  }

  core::Status write_eras() {
    for (const Era& era : build_eras(std::move(condition_spans))) {
      condition_era.set("condition_era_id", ++next_condition_era)
          .set("person_id", person_id)
          .set("condition_concept_id", era.concept_id)
          .set("condition_era_start_date", core::format_iso_date(era.start))
          .set("condition_era_end_date", core::format_iso_date(era.end))
          .set("condition_occurrence_count", era.occurrences);
      ONCOSHARE_TRY(emit(condition_era, era.concept_id));
    }
    for (const Era& era : build_eras(std::move(drug_spans))) {
      drug_era.set("drug_era_id", ++next_drug_era)
          .set("person_id", person_id)
          .set("drug_concept_id", era.concept_id)
          .set("drug_era_start_date", core::format_iso_date(era.start))
          .set("drug_era_end_date", core::format_iso_date(era.end))
          .set("drug_exposure_count", era.occurrences)
          .set("gap_days", era.gap_days);
      ONCOSHARE_TRY(emit(drug_era, era.concept_id));
    }
    condition_spans.clear();
    drug_spans.clear();
    return {};
  }

  // ---- visits ----

  // One visit per variable and date (rows of one visit date are one visit).
  core::Status write_visits() {
    std::vector<std::pair<std::size_t, std::string>> visits = facts.dates;
    std::sort(visits.begin(), visits.end());
    visits.erase(std::unique(visits.begin(), visits.end()), visits.end());
    for (const auto& [variable, date] : visits) {
      const dictionary::Variable& v = dict.variables()[variable];
      std::int64_t kind = 0;
      if (v.mapping.omop_concept_id && *v.mapping.omop_concept_id != 0) {
        kind = book.use(*v.mapping.omop_concept_id, v.label, "Visit", "Visit", v.name);
      }
      note_date(date);
      visit.set("visit_occurrence_id", ++next_visit)
          .set("person_id", person_id)
          .set("visit_concept_id", kind)
          .set("visit_start_date", date)
          .set("visit_end_date", date)
          .set("visit_type_concept_id", registry())
          .set("visit_source_value", fit(v.name, length_of(visit, "visit_source_value")));
      ONCOSHARE_TRY(emit(visit, kind));
    }
    return {};
  }

  // ---- one patient ----

  // Parses the patient's resources (one JSON array, one parse) and writes their rows.
  core::Status write_patient() {
    resources.push_back(']');
    resources.reserve(resources.size() + simdjson::SIMDJSON_PADDING);
    array parsed;
    if (parser.parse(resources).get(parsed) != simdjson::SUCCESS) {
      return core::Error{core::ErrorCode::internal, "the FHIR converter wrote a resource that is not JSON"};
    }
    std::vector<element> all;
    all.reserve(types.size());
    for (element e : parsed) all.push_back(e);
    std::optional<std::size_t> patient, primary;
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (types[i] == "Patient") patient = i;
      if (types[i] == "Condition" && profile_of(all[i]) == "mcode-primary-cancer-condition") primary = i;
    }
    if (!patient) return {};
    stats.unreadable_visit_dates += facts.unreadable_dates;
    if (!facts.birth_year) {
      ++stats.persons_without_birth_year;
      return {};
    }
    anchor_date.clear();
    first_date.clear();
    last_date.clear();
    condition_id = 0;
    disease_episode = 0;
    disease_events.clear();
    regimens.clear();
    condition_spans.clear();
    drug_spans.clear();
    ONCOSHARE_TRY(write_person(all[*patient]));
    ONCOSHARE_TRY(write_death(all[*patient]));
    if (primary) ONCOSHARE_TRY(write_primary_condition(all[*primary]));
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (i == patient || i == primary) continue;
      const std::string_view type = types[i];
      const element& resource = all[i];
      if (type == "Observation") {
        ONCOSHARE_TRY(write_observation_resource(resource));
      } else if (type == "Condition") {
        ONCOSHARE_TRY(write_secondary_condition(resource));
      } else if (type == "Procedure") {
        ONCOSHARE_TRY(write_procedure(resource));
      } else if (type == "MedicationAdministration" || type == "MedicationRequest") {
        ONCOSHARE_TRY(write_drug(resource));
      } else if (type == "Specimen") {
        ONCOSHARE_TRY(write_specimen(resource));
      } else if (type == "DiagnosticReport") {
        ONCOSHARE_TRY(write_report(resource));
      }
    }
    if (disease_episode != 0) ONCOSHARE_TRY(write_episode_events(disease_episode, disease_events));
    ONCOSHARE_TRY(write_regimens());
    ONCOSHARE_TRY(write_visits());
    ONCOSHARE_TRY(write_eras());
    return write_observation_period();
  }
};

CdmSink::CdmSink(const dictionary::Dictionary& dict, CdmWriter& writer, const MappedConcepts& concepts,
                 ConceptBook& book)
    : state_(std::make_unique<State>(dict, writer, concepts, book)) {}

CdmSink::~CdmSink() = default;

core::Status CdmSink::begin_patient(std::string_view) {
  state_->resources.assign(1, '[');
  state_->types.clear();
  state_->facts = {};
  return {};
}

core::Status CdmSink::patient_facts(const fhir::PatientFacts& facts) {
  state_->facts = facts;
  return {};
}

core::Status CdmSink::resource(std::string_view type, std::string_view, std::string_view text) {
  if (!state_->types.empty()) state_->resources.push_back(',');
  state_->resources.append(text);
  state_->types.emplace_back(type);
  return {};
}

core::Status CdmSink::end_patient() { return state_->write_patient(); }

const CdmStats& CdmSink::stats() const { return state_->stats; }

}  // namespace oncoshare::omop
