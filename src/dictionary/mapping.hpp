// The oncoshare mapping file: ontology codes, units, FHIR/OMOP targets and requirement
// levels for the variables and choices of a REDCap dictionary. Format: docs/mapping.md.
#pragma once

#include <string>

#include "core/result.hpp"
#include "dictionary/dictionary.hpp"

namespace oncoshare::dictionary {

// Reads the mapping CSV at `path` and fills Variable::mapping (rows with an empty `choice`)
// and Choice::coding (rows naming a choice code) of `dictionary`; records `path` as its
// mapping source. The header is required; columns may come in any order; `variable` is the
// only required column. All-or-nothing: on failure `dictionary` is unchanged. Fails with
// file:line and the mapping column on: an unknown or repeated column, a variable not in the
// dictionary, a choice code the variable does not have, a code without a system (or a
// system without a code), an unknown system short name, a requirement other than
// minimal/mandatory/recommended/empty, mandatory_if without requirement mandatory, a
// mandatory_if that does not parse (with the column inside the logic), a max_length that is
// not a positive integer, variable-level columns on a choice row, a repeated row.
[[nodiscard]] core::Status apply_mapping(Dictionary& dictionary, const std::string& path);
// The same for a mapping held in memory; errors name `source` as the file.
[[nodiscard]] core::Status apply_mapping_text(Dictionary& dictionary, std::string text, const std::string& source);

}  // namespace oncoshare::dictionary
