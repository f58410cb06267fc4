// Project rules (REDCap-style data-quality rules written in REDCap logic), read from a
// CSV: id, description, logic, severity, family[, variable]. Format: docs/quality.md.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "dictionary/dictionary.hpp"
#include "dictionary/logic.hpp"
#include "quality/families.hpp"

namespace oncoshare::quality {

struct Rule {
  std::string id;
  std::string description;
  dictionary::logic::Expression logic;  // must be true for the row to pass
  std::string severity;                 // error | warning
  Family family = Family::plausibility_temporal;
  std::size_t variable = 0;             // the variable a failure is charged to (dictionary index)
  std::uint64_t line = 0;
};

// Reads the rules file. Columns by name, any order; id and logic are required, the others
// may be absent or empty (severity error, family plausibility_temporal, variable: the last
// field the logic reads). Fails with file:line and column on: a missing/unknown/repeated
// column, an empty or repeated id, logic that does not parse (column inside the logic), a
// field not in the dictionary, an unknown severity or family, a variable not in the logic.
[[nodiscard]] core::Result<std::vector<Rule>> read_rules(const std::string& path,
                                                         const dictionary::Dictionary& dict);

}  // namespace oncoshare::quality
