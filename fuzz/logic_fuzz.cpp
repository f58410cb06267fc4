// libFuzzer target for the REDCap logic parser and evaluator: any bytes must give a tree
// or an error, never a crash, a hang or unbounded recursion.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "dictionary/logic.hpp"

namespace logic = oncoshare::dictionary::logic;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = logic::parse(text);
  if (!parsed) return 0;
  // Fixed values of each kind: number, leading-dot number, date, text, blank; one field unknown.
  logic::Resolver resolve = [](const logic::FieldRef& field) -> std::optional<std::string> {
    if (field.smart != logic::SmartVariable::none) return std::string("3");  // [record-name], [first-instance] ...
    if (field.variable.empty()) return std::nullopt;
    switch (field.variable.size() % 6) {
      case 0: return std::string("42");
      case 1: return std::string(".34");
      case 2: return std::string("2010-10-14");
      case 3: return std::string("Adenocarcinoma");
      case 4: return std::string();
      default: return std::nullopt;
    }
  };
  logic::EvaluationOptions options;
  options.today = "2024-03-01";
  auto value = parsed->evaluate(resolve, options);
  if (value) (void)logic::format_value(*value);
  (void)parsed->test(resolve, options);
  return 0;
}
