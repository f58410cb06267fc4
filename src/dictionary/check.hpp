// Design checks on a loaded dictionary (and its mapping): every problem, not just the first.
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "dictionary/dictionary.hpp"

namespace oncoshare::dictionary {

enum class Severity { error, warning };

[[nodiscard]] std::string_view to_string(Severity severity);

// One finding. `where` names the dictionary (or mapping) file, the row's line and the
// variable; for logic, `where.column` is the column inside the logic text.
struct Problem {
  Severity severity = Severity::error;
  core::Location where;
  std::string message;

  // "file:line: field 'x': error: message".
  [[nodiscard]] std::string to_string() const;
};

// Checks `dictionary` and returns all problems in dictionary order. Errors: branching
// logic, calculations and mandatory_if that do not parse or name an unknown variable or
// checkbox code; calc without formula; dropdown/radio/checkbox without choices; repeated
// choice codes or variable names; invalid names, names over REDCap's 100 characters, REDCap's
// reserved names and "<form>_complete", a field named like a checkbox's export column
// ("cb___1"); a validation on a field type it does not belong to; min/max that the validation
// does not use, that are not valid for it (see canonical_bound()), or with min > max;
// mandatory_if on a variable that is not mandatory. Warnings: unknown (project-defined)
// validation types; a field named "<form>_timestamp"; identifier on a field that is not text,
// notes or file; a form split into non-contiguous runs; a first field that is not text or a
// record_id that is not first; a date/time validation on a field whose label names a unit,
// e.g. "(mg/dL)". Mapping targets are checked by fhir::check_plan(), not here.
[[nodiscard]] std::vector<Problem> check_dictionary(const Dictionary& dictionary);

}  // namespace oncoshare::dictionary
