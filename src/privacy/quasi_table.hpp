// The quasi-identifier view of REDCap exports that risk analysis and generalisation work
// on: one row per record (its base rows merged), the chosen variables only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "dictionary/dictionary.hpp"

namespace oncoshare::privacy {

struct QuasiRecord {
  std::size_t file = 0;        // index into the `data` list it was read from
  std::string record_id;
  std::vector<std::string> values;  // one per QuasiTable::quasi, raw (coded) text
  std::string sensitive;            // the sensitive attribute, if one was asked for
};

struct QuasiTable {
  std::vector<std::string> quasi;   // variable names, in the order asked for
  std::string sensitive;            // empty when none
  std::vector<QuasiRecord> records; // in file order, then first-appearance order
};

// Checks that every name in `quasi` (and `sensitive`, when not empty) is a dictionary
// field that exports as one column (not a checkbox, not descriptive), and that no name is
// repeated. The error names the variable: "unknown variable 'zip' in --quasi".
[[nodiscard]] core::Status check_quasi_variables(const dictionary::Dictionary& dict,
                                                 const std::vector<std::string>& quasi,
                                                 const std::string& sensitive);

// Reads the exports in `data` (any layout ExportReader accepts) into one row per record
// and file. A record's value for a variable is its first non-empty value on a base row
// (not a repeating-instrument row), across events in file order; empty when it has none.
// Errors: variables as in check_quasi_variables(); unreadable or malformed exports.
[[nodiscard]] core::Result<QuasiTable> read_quasi_table(const std::vector<std::string>& data,
                                                        const dictionary::Dictionary& dict,
                                                        const std::vector<std::string>& quasi,
                                                        const std::string& sensitive = {});

}  // namespace oncoshare::privacy
