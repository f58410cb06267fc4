// Condition and drug eras, the CDM's derived spans of one concept: OHDSI's rule of merging a
// person's occurrences of a concept that are at most 30 days apart (the persistence window).
#pragma once

#include <cstdint>
#include <vector>

namespace oncoshare::omop {

inline constexpr std::int64_t kEraPersistenceDays = 30;

// One occurrence: days since 1970-01-01, end >= start (an occurrence without an end has end = start).
struct Span {
  std::int64_t concept_id = 0;
  std::int64_t start = 0;
  std::int64_t end = 0;
};

struct Era {
  std::int64_t concept_id = 0;
  std::int64_t start = 0;
  std::int64_t end = 0;
  std::int64_t occurrences = 0;
  std::int64_t gap_days = 0;  // days of the era no occurrence covers
};

// The eras of one person's spans, by concept then start; spans of concept 0 make no era.
[[nodiscard]] std::vector<Era> build_eras(std::vector<Span> spans, std::int64_t persistence_days = kEraPersistenceDays);

}  // namespace oncoshare::omop
