#include "omop/eras.hpp"

#include <algorithm>
#include <tuple>

namespace oncoshare::omop {

std::vector<Era> build_eras(std::vector<Span> spans, std::int64_t persistence_days) {
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return std::tie(a.concept_id, a.start, a.end) < std::tie(b.concept_id, b.start, b.end);
  });
  std::vector<Era> eras;
  std::int64_t covered_to = 0;  // the last day of the current era covered by an occurrence
  for (const Span& s : spans) {
    if (s.concept_id == 0) continue;
    const std::int64_t end = std::max(s.end, s.start);
    if (!eras.empty() && eras.back().concept_id == s.concept_id && s.start <= eras.back().end + persistence_days) {
      Era& era = eras.back();
      if (s.start > covered_to + 1) era.gap_days += s.start - covered_to - 1;
      covered_to = std::max(covered_to, end);
      era.end = std::max(era.end, end);
      ++era.occurrences;
      continue;
    }
    eras.push_back(Era{s.concept_id, s.start, end, 1, 0});
    covered_to = end;
  }
  return eras;
}

}  // namespace oncoshare::omop
