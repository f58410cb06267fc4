// Repeat instances of a record, for logic that names one: [var][2], [var][first-instance],
// [current-instance]. Internal to the quality component.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "dictionary/logic.hpp"
#include "ingest/record.hpp"

namespace oncoshare::quality::detail {

// The rows of one record that are instances of `form` in `event`: rows of that repeating
// instrument, or else the rows of a repeating event (no instrument, an instance number).
// In file order.
[[nodiscard]] std::vector<const ingest::Record*> instance_rows(std::span<const ingest::Record> rows,
                                                               std::string_view event, std::string_view form);

// The instance `relative` names among `instances` (ascending or not) seen from `current`:
// the lowest, the highest, `current` itself if it is one of them, or its nearest lower or
// higher neighbour. `current` 0 means the row is no instance, so only the lowest and
// highest exist. 0 when there is none.
[[nodiscard]] std::uint32_t pick_instance(dictionary::logic::SmartVariable relative, std::uint32_t current,
                                          std::span<const std::uint32_t> instances);

// The arm number of a unique event name ("baseline_arm_2" -> "2"); "" without one.
[[nodiscard]] std::string arm_number(std::string_view event);

}  // namespace oncoshare::quality::detail
