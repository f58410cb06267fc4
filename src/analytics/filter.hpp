// Row filters for queries, e.g. `stage_group in ('Stage III', 4) and age_dx >= 60`.
// A small grammar parsed into a tree and evaluated per row; text is never run as code.
//
//   expr    := and ('or' and)*          and := unary ('and' unary)*
//   unary   := 'not' unary | '(' expr ')' | test
//   test    := var op literal | var ['not'] 'in' '(' literal (',' literal)* ')'
//            | var 'is' ['not'] 'missing'
//   op      := = == != <> < <= > >=     var := name | [name]
//   literal := number | 'text' | "text" | bare word (e.g. III, Male)
//
// Keywords are case-insensitive. For categorical variables a literal may be a choice code,
// a choice label (case-insensitive) or the label's last word when no other choice shares
// it ("III" for "Stage III"); order comparisons follow the dictionary's choice order.
// Dates compare with 'YYYY-MM-DD'. A test on a missing cell is false (so `not` of it is
// true); `is missing` asks for missing cells explicitly.
//
// Programs that receive filters as data (Beacon's {id, operator, value}) use compile_terms
// instead: the tree is built from the terms directly, so no id or value can change the
// filter's structure the way text pasted into the grammar would.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analytics/study_table.hpp"
#include "core/result.hpp"

namespace oncoshare::analytics {

struct FilterOptions {
  // Extra names for columns, e.g. {"stage", "stage_group"}, {"age", "age_dx"}.
  std::vector<std::pair<std::string, std::string>> aliases;
};

// One test of a structured filter: `variable op literal`, e.g. {"age_dx", ">=", "60"}.
struct FilterTerm {
  std::string variable;  // a column name (or an alias of FilterOptions)
  std::string op;        // = != < <= > >=
  std::string literal;   // typed as in the text grammar: choice code or label, number, date, text
};

// A compiled filter bound to one table, which must outlive it. Immutable and thread-safe.
class Filter {
 public:
  struct Node;
  // A filter that keeps every row.
  Filter();
  Filter(Filter&&) noexcept;
  Filter& operator=(Filter&&) noexcept;
  ~Filter();

  // Whether `row` passes. Precondition: row < table.rows().
  [[nodiscard]] bool keep(std::size_t row) const;
  // The rows that pass, as a mask of table.rows() entries.
  [[nodiscard]] std::vector<bool> mask(std::size_t rows) const;

 private:
  friend core::Result<Filter> compile_filter(std::string_view, const StudyTable&,
                                             const FilterOptions&);
  friend core::Result<Filter> compile_terms(std::span<const FilterTerm>, const StudyTable&,
                                            const FilterOptions&);
  std::unique_ptr<Node> root_;
};

// Parses `text` against `table`'s columns. Blank text keeps every row. Errors name the
// 1-based column in `text` and the variable, e.g. "column 1: field 'stage': unknown
// variable 'stage'", or the literal that does not fit the variable's type or choices.
[[nodiscard]] core::Result<Filter> compile_filter(std::string_view text, const StudyTable& table,
                                                  const FilterOptions& options = {});

// The conjunction of `terms` against `table` (no terms keeps every row); the literal of each
// is typed as in compile_filter. Errors (bad_input) have field "filters[i]" (0-based) and
// name the variable as given, cut to 64 characters: "unknown variable 'sxe'", "operator
// '=~' is not one of = != < <= > >=", or the literal that does not fit the variable.
[[nodiscard]] core::Result<Filter> compile_terms(std::span<const FilterTerm> terms, const StudyTable& table,
                                                 const FilterOptions& options = {});

}  // namespace oncoshare::analytics
