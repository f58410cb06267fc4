// The filter applied before FHIR conversion: copy only the records whose quality score is
// at or above a minimum, in the export's own format.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "dictionary/dictionary.hpp"

namespace oncoshare::quality {

struct PassingSummary {
  std::uint64_t records_kept = 0;
  std::uint64_t records_dropped = 0;
  std::uint64_t rows_kept = 0;
};

// Writes to `out` (atomically) the header of the first export and every row, from each
// file in `data` in order, whose record's score in `scores` is >= `min_score`. Rows are
// re-quoted in REDCap's style, so a REDCap export round-trips byte for byte. Fails on a
// file that cannot be read, a header that differs from the first file's (naming both
// files), or a record id missing from `scores` (which means the files changed since scoring).
[[nodiscard]] core::Result<PassingSummary> write_passing_records(
    const std::vector<std::string>& data, const dictionary::Dictionary& dict,
    const std::unordered_map<std::string, double>& scores, double min_score, const std::string& out);

}  // namespace oncoshare::quality
