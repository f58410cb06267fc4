// k-anonymity by full-domain generalisation plus record suppression: search the lattice
// of hierarchy levels for the node with the least information loss that reaches k while
// suppressing at most a given share of records (ARX-style global recoding).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "dictionary/dictionary.hpp"
#include "privacy/hierarchy.hpp"
#include "privacy/quasi_table.hpp"

namespace oncoshare::privacy {

inline constexpr std::uint64_t kMaxLatticeNodes = 1'000'000;

struct GeneraliseOptions {
  std::uint64_t k = 2;
  double suppression_limit = 0.05;  // share of records that may be suppressed, in [0, 1]
  // One per QuasiTable::quasi variable, same order (see hierarchies_for()).
  std::vector<Hierarchy> hierarchies;
};

struct Generalisation {
  std::vector<std::size_t> levels;     // chosen level per quasi-identifier
  std::vector<bool> suppressed;        // per QuasiTable record
  std::uint64_t suppressed_count = 0;
  std::uint64_t k = 0;                 // smallest class among kept records
  std::uint64_t classes = 0;           // classes among kept records
  double loss = 0;          // ARX "Loss" (Iyengar), 0 = none, 1 = everything withheld
  double precision = 0;     // Sweeney's Prec: 1 - mean(level / height), suppressed = height
  std::uint64_t discernibility = 0;  // sum of kept class sizes squared + suppressed * n
  std::uint64_t nodes_checked = 0;
  // generalised[r][q]: record r's value of quasi-identifier q at the chosen levels.
  std::vector<std::vector<std::string>> generalised;
};

// Hierarchies for `quasi` in order: the spec for a variable if given, otherwise date for
// date-validated fields and mask for the rest. Errors: a spec for a variable not in
// `quasi`, or two specs for one variable.
[[nodiscard]] core::Result<std::vector<Hierarchy>> hierarchies_for(
    const dictionary::Dictionary& dict, const std::vector<std::string>& quasi,
    const std::vector<Hierarchy>& specs);

// Searches the whole lattice (levels 0..height per quasi-identifier) and returns the
// k-anonymous node (after suppressing records in classes smaller than k, at most
// floor(limit * n) of them) with the least loss; ties go to the lower sum of levels, then
// to the lexicographically smaller levels. Errors: k < 1, limit outside [0, 1], fewer
// records than k, a lattice above kMaxLatticeNodes, a value the hierarchy cannot read
// (the message names record and value).
[[nodiscard]] core::Result<Generalisation> find_generalisation(const QuasiTable& table,
                                                               const GeneraliseOptions& options);

struct WriteSummary {
  std::uint64_t rows_written = 0;
  std::uint64_t rows_dropped = 0;
};

// Copies the raw flat export `in` to `out` (atomically, same header, REDCap quoting):
// quasi-identifier cells are replaced by their generalised values, every row of a
// suppressed record is dropped, all other cells are unchanged. `table` must have been read
// from `in` alone. Errors: not a raw flat export, unreadable input, a cell value the
// hierarchy cannot read.
[[nodiscard]] core::Result<WriteSummary> write_generalised_export(
    const std::string& in, const dictionary::Dictionary& dict, const QuasiTable& table,
    const GeneraliseOptions& options, const Generalisation& result, const std::string& out);

}  // namespace oncoshare::privacy
