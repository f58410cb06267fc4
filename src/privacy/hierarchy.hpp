// Generalisation hierarchies for quasi-identifiers: level 0 is the value itself, each
// level above is coarser, and the top level is "*" (the attribute is withheld).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace oncoshare::privacy {

enum class HierarchyKind {
  bands,     // numbers -> bands of growing width, e.g. 40-44, 40-49, 40-59
  date,      // YYYY-MM-DD -> YYYY-MM -> YYYY
  truncate,  // text -> its first N characters, e.g. postcodes 75012 -> 750*
  mask,      // categorical: only the top level "*"
};

struct Hierarchy {
  std::string variable;
  HierarchyKind kind = HierarchyKind::mask;
  // bands: widths, increasing, each a multiple of the one before; truncate: kept prefix
  // lengths, decreasing. Unused for date and mask.
  std::vector<std::uint32_t> steps;

  // Number of levels above 0 (the top level is "*").
  [[nodiscard]] std::size_t height() const;
};

// Parses "<variable>=<kind>" as given to --hierarchy: "age=bands:5|10|20" (also
// "age=age:5|10|20"), "diagnosis_date=date", "zip=truncate:3|1", "sex=mask". Errors quote
// the spec and say what was expected.
[[nodiscard]] core::Result<Hierarchy> parse_hierarchy(std::string_view spec);

// The value at `level` (0 <= level <= height()). The top level is "*"; an empty (missing)
// value stays empty at every level, since the output shows it. Errors (bad_input, naming the variable, never
// the value): a non-number for bands, an invalid date for date.
[[nodiscard]] core::Result<std::string> generalise_value(const Hierarchy& hierarchy,
                                                         std::size_t level,
                                                         std::string_view value);

// Short description of a level for reports, e.g. "band 10", "year", "prefix 3", "*".
[[nodiscard]] std::string describe_level(const Hierarchy& hierarchy, std::size_t level);

}  // namespace oncoshare::privacy
