#include "dictionary/choices.hpp"

#include <fmt/format.h>

#include <unordered_set>

namespace oncoshare::dictionary {

namespace {

// Splits on '|' keeping empty pieces, so "a||b" can be reported rather than skipped.
std::vector<std::string_view> split_bars(std::string_view text) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t bar = text.find('|', start);
    parts.push_back(text.substr(start, bar == std::string_view::npos ? bar : bar - start));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return parts;
}

}  // namespace

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  std::size_t last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

core::Result<std::vector<Choice>> parse_choices(std::string_view text) {
  std::vector<Choice> choices;
  if (trim(text).empty()) return choices;
  std::unordered_set<std::string> seen;
  std::size_t number = 0;
  for (std::string_view item : split_bars(text)) {
    ++number;
    std::string_view trimmed = trim(item);
    if (trimmed.empty()) {
      return core::bad_input(fmt::format("choice {} is empty in '{}'", number, text));
    }
    std::size_t comma = trimmed.find(',');
    if (comma == std::string_view::npos) {
      return core::bad_input(fmt::format(
          "choice {} '{}' has no comma between code and label (expected 'code, label')",
          number, trimmed));
    }
    Choice choice;
    choice.code = std::string(trim(trimmed.substr(0, comma)));
    choice.label = std::string(trim(trimmed.substr(comma + 1)));
    if (choice.code.empty()) {
      return core::bad_input(fmt::format("choice {} '{}' has an empty code", number, trimmed));
    }
    if (!seen.insert(choice.code).second) {
      return core::bad_input(fmt::format("duplicate choice code '{}' (choice {})", choice.code,
                                         number));
    }
    choices.push_back(std::move(choice));
  }
  return choices;
}

std::string format_choices(const std::vector<Choice>& choices) {
  std::string out;
  for (const Choice& c : choices) {
    if (!out.empty()) out += " | ";
    out += c.code;
    out += ", ";
    out += c.label;
  }
  return out;
}

std::vector<std::string> parse_slider_labels(std::string_view text) {
  std::vector<std::string> labels;
  if (trim(text).empty()) return labels;
  for (std::string_view part : split_bars(text)) labels.emplace_back(trim(part));
  return labels;
}

std::string format_slider_labels(const std::vector<std::string>& labels) {
  std::string out;
  for (const std::string& label : labels) {
    if (!out.empty()) out += " | ";
    out += label;
  }
  return out;
}

std::vector<Choice> implicit_choices(FieldType type) {
  if (type == FieldType::yesno) return {Choice{"1", "Yes", {}}, Choice{"0", "No", {}}};
  if (type == FieldType::truefalse) return {Choice{"1", "True", {}}, Choice{"0", "False", {}}};
  return {};
}

}  // namespace oncoshare::dictionary
