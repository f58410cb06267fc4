// Piping modifiers: what [var:label], [var:value], [checkbox:checked] ... stand for.
#include <algorithm>
#include <fmt/format.h>

#include "dictionary/logic.hpp"

namespace oncoshare::dictionary::logic {
namespace {

bool has(const FieldRef& ref, Modifier m) {
  return std::find(ref.modifiers.begin(), ref.modifiers.end(), m) != ref.modifiers.end();
}

// The choice label of `code`, or the code itself when the field has no such choice.
std::string label_of(const Variable& v, std::string_view code) {
  const Choice* choice = v.find_choice(code);
  return choice ? choice->label : std::string(code);
}

}  // namespace

std::string piped_text(const Variable& v, const FieldRef& ref, std::string_view raw,
                       const std::function<bool(std::string_view code)>& is_checked) {
  const bool as_label = has(ref, Modifier::label) || (!has(ref, Modifier::value) && ref.modifiers.size() > 0);
  if (v.type != FieldType::checkbox) {
    return as_label && !raw.empty() ? label_of(v, raw) : std::string(raw);
  }
  if (!ref.choice_code.empty()) {  // one choice: 1/0, or REDCap's Checked/Unchecked as a label
    const bool ticked = is_checked(ref.choice_code);
    if (as_label) return ticked ? "Checked" : "Unchecked";
    return ticked ? "1" : "0";
  }
  // The whole checkbox: the checked choices (all of them unless :unchecked).
  const bool want = !has(ref, Modifier::unchecked);
  std::vector<std::string_view> parts;
  for (const Choice& choice : v.choices) {
    if (is_checked(choice.code) == want) parts.push_back(as_label ? choice.label : choice.code);
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace oncoshare::dictionary::logic
