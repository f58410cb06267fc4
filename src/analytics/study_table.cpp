#include "analytics/study_table.hpp"

#include <cmath>

namespace oncoshare::analytics {

std::string_view to_string(ValueType type) {
  switch (type) {
    case ValueType::categorical: return "categorical";
    case ValueType::numeric: return "numeric";
    case ValueType::date: return "date";
    case ValueType::text: return "text";
  }
  return "text";
}

bool StudyColumn::is_missing(std::size_t row) const {
  switch (type) {
    case ValueType::categorical: return levels[row] < 0;
    case ValueType::numeric:
    case ValueType::date: return std::isnan(numbers[row]);
    case ValueType::text: return texts[row].empty();
  }
  return true;
}

std::int32_t StudyColumn::level_of(std::string_view code) const {
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (choices[i].code == code) return static_cast<std::int32_t>(i);
  }
  return -1;
}

const StudyColumn* StudyTable::find(std::string_view name) const {
  for (const auto& column : columns) {
    if (column.name == name) return &column;
  }
  return nullptr;
}

StudyColumn* StudyTable::find(std::string_view name) {
  return const_cast<StudyColumn*>(static_cast<const StudyTable&>(*this).find(name));
}

}  // namespace oncoshare::analytics
