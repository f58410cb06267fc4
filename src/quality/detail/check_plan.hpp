// Per-variable check plans, built once from the dictionary and options, and the per-file
// column map that ties them to an export's layout. Internal to the quality component.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "dictionary/dictionary.hpp"
#include "dictionary/logic.hpp"
#include "ingest/record.hpp"
#include "quality/quality.hpp"
#include "quality/rules.hpp"
#include "quality/value_checks.hpp"

namespace oncoshare::quality::detail {

inline constexpr std::int32_t kNoCheck = -1;

// The checks one variable takes part in (indices into the check list, or kNoCheck).
struct VariablePlan {
  std::size_t variable = 0;   // dictionary index
  std::size_t form = 0;       // index into Dictionary::forms()
  std::int32_t completeness = kNoCheck;  // minimal, mandatory or required (the strongest)
  std::int32_t hidden = kNoCheck;
  std::int32_t missing = kNoCheck;
  std::int32_t datatype = kNoCheck;
  std::int32_t length = kNoCheck;
  std::int32_t permissible = kNoCheck;
  std::int32_t checkbox = kNoCheck;
  std::int32_t range = kNoCheck;
  std::int32_t calc = kNoCheck;
  std::int32_t outlier = kNoCheck;
  std::optional<dictionary::logic::Expression> branching;
  std::optional<dictionary::logic::Expression> mandatory_if;
  std::optional<dictionary::logic::Expression> calculation;
  bool branching_unknown = false;     // branching logic not checkable: shown or hidden is unknown
  bool mandatory_if_unknown = false;  // mandatory_if not checkable: whether it applies is unknown
  bool calc_needs_today = false;
  double slider_min = 0, slider_max = 100;
  RangeBounds bounds;  // min/max resolved once, for the range check
};

// Everything decided before reading data.
struct Plan {
  std::vector<CheckResult> checks;        // evaluated/failed start at 0
  std::vector<VariablePlan> variables;    // one per exported variable, dictionary order
  std::vector<Rule> rules;
  std::vector<std::int32_t> rule_checks;  // check index per rule; kNoCheck if not checkable
  std::vector<NotCheckable> not_checkable;
  std::vector<std::int32_t> variable_plan;  // dictionary index -> index into variables, or -1
};

[[nodiscard]] core::Result<Plan> make_plan(const dictionary::Dictionary& dict, const QualityOptions& options);

// Where a file's columns are.
struct ColumnMap {
  std::vector<std::int64_t> field;                          // per dictionary variable, -1 if absent
  std::vector<std::vector<std::size_t>> checkbox;           // per dictionary variable: its choice columns
  std::vector<std::vector<std::size_t>> form_columns;       // per form: columns telling presence
};

[[nodiscard]] ColumnMap map_columns(const dictionary::Dictionary& dict, const ingest::Layout& layout);

}  // namespace oncoshare::quality::detail
