// The derivations of derivations.hpp, applied to a table under construction.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/derivations.hpp"
#include "analytics/study_table.hpp"
#include "core/result.hpp"

namespace oncoshare::analytics::detail {

// Appends the survival time (numeric, days) and event (categorical 0 Censored / 1 Dead)
// columns. `where[row]` locates each row's base row for problems. Fails when a named
// source variable is absent or of the wrong type.
[[nodiscard]] core::Status derive_survival(StudyTable& table, const SurvivalDerivation& rule,
                                           const std::vector<core::Location>& where);

// Keeps, per row, the non-blank raw value from the lowest repeat instance seen so far.
class RepeatPick {
 public:
  void append() {
    instance_.push_back(std::numeric_limits<std::uint32_t>::max());
    raw_.emplace_back();
    where_.emplace_back();
  }
  void offer(std::size_t row, std::uint32_t instance, std::string_view raw,
             const core::Location& where);
  // A column typed like `variable`, named `name`, holding the picked values.
  [[nodiscard]] StudyColumn column(const dictionary::Variable& variable, std::string_view name,
                                   std::vector<core::Error>& problems) const;

 private:
  std::vector<std::uint32_t> instance_;
  std::vector<std::string> raw_;
  std::vector<core::Location> where_;
};

}  // namespace oncoshare::analytics::detail
