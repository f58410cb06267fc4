// The fixed OMOP concepts the export writes (OHDSI conventions; OncologyWG for episodes).
#pragma once

#include <cstdint>

namespace oncoshare::omop::concepts {

inline constexpr std::int64_t kNoMatchingConcept = 0;
inline constexpr std::int64_t kMale = 8507;
inline constexpr std::int64_t kFemale = 8532;
inline constexpr std::int64_t kRegistry = 32879;         // type concept of every row
inline constexpr std::int64_t kCdmVersion54 = 756265;    // cdm_source.cdm_version_concept_id
inline constexpr std::int64_t kDiseaseFirstOccurrence = 32528;
inline constexpr std::int64_t kTreatmentRegimen = 32531;
// Field concepts: which table an event id (measurement_event_id, episode_event.event_id)
// points into. Procedure: the OncologyWG ETL's value (the model documentation's 1147084 is
// procedure_occurrence.procedure_concept_id in the vocabulary).
inline constexpr std::int64_t kConditionOccurrenceId = 1147127;
inline constexpr std::int64_t kDrugExposureId = 1147094;
inline constexpr std::int64_t kMeasurementId = 1147138;
inline constexpr std::int64_t kProcedureOccurrenceId = 1147082;

}  // namespace oncoshare::omop::concepts
