// Writing a Dictionary back as a REDCap data dictionary CSV, and its mapping as a mapping CSV.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/atomic_output.hpp"
#include "core/result.hpp"
#include "dictionary/dictionary.hpp"

namespace oncoshare::dictionary {

// One CSV cell in REDCap's style: quoted (with "" for ") only when it contains a comma, a
// quote, a space or a line break; otherwise bare. Matches REDCap's dictionary and export
// files byte for byte.
[[nodiscard]] std::string redcap_csv_cell(std::string_view value);

// Appends one CSV record of redcap_csv_cell()s to `out`, ending with LF.
void append_redcap_csv_row(std::string& out, std::span<const std::string> cells);
void append_redcap_csv_row(std::string& out, std::span<const std::string_view> cells);
// Writes one such record to `file` (whose own buffer does the batching).
void write_redcap_csv_row(core::AtomicFile& file, std::span<const std::string> cells);

// The dictionary as REDCap's 18-column CSV: the exact header REDCap writes, one row per
// variable, LF line endings, a final newline. Choices are written as "code, label | ...";
// yesno/truefalse write their `calculation` (normally empty), not their implicit choices.
[[nodiscard]] std::string format_redcap_dictionary(const Dictionary& dictionary);

// Writes format_redcap_dictionary() to `path` atomically (no partial file on failure).
[[nodiscard]] core::Status write_redcap_dictionary(const Dictionary& dictionary,
                                                   const std::string& path);

// The mapping file (docs/mapping.md) for the dictionary: header
// variable,choice,system,code,display,unit,fhir,omop,omop_concept_id,requirement,mandatory_if,
// max_length; one row per variable with any mapping, then one per choice with a coding or an
// OMOP concept id, in dictionary order. Systems are written as short names where one
// exists. Reading it back with apply_mapping() restores the same mapping.
[[nodiscard]] std::string format_mapping(const Dictionary& dictionary);

// Writes format_mapping() to `path` atomically.
[[nodiscard]] core::Status write_mapping(const Dictionary& dictionary, const std::string& path);

}  // namespace oncoshare::dictionary
