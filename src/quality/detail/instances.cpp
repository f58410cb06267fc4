#include "quality/detail/instances.hpp"

#include <algorithm>

namespace oncoshare::quality::detail {

using dictionary::logic::SmartVariable;

std::vector<const ingest::Record*> instance_rows(std::span<const ingest::Record> rows, std::string_view event,
                                                 std::string_view form) {
  std::vector<const ingest::Record*> form_rows, event_rows;
  for (const ingest::Record& r : rows) {
    if (r.event != event || r.repeat_instance == 0) continue;
    if (r.repeat_instrument == form) form_rows.push_back(&r);
    if (r.repeat_instrument.empty()) event_rows.push_back(&r);
  }
  return form_rows.empty() ? event_rows : form_rows;
}

std::uint32_t pick_instance(SmartVariable relative, std::uint32_t current, std::span<const std::uint32_t> instances) {
  std::uint32_t best = 0;
  if (current == 0 && relative != SmartVariable::first_instance && relative != SmartVariable::last_instance) {
    return 0;
  }
  for (std::uint32_t i : instances) {
    switch (relative) {
      case SmartVariable::first_instance: if (best == 0 || i < best) best = i; break;
      case SmartVariable::last_instance: best = std::max(best, i); break;
      case SmartVariable::current_instance: if (i == current) best = i; break;
      case SmartVariable::previous_instance: if (i < current && i > best) best = i; break;
      case SmartVariable::next_instance: if (i > current && (best == 0 || i < best)) best = i; break;
      default: break;
    }
  }
  return best;
}

std::string arm_number(std::string_view event) {
  constexpr std::string_view marker = "_arm_";
  const std::size_t at = event.rfind(marker);
  if (at == std::string_view::npos) return {};
  const std::string_view digits = event.substr(at + marker.size());
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return {};
  }
  return std::string(digits);
}

}  // namespace oncoshare::quality::detail
