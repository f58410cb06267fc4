#include "cli/option_checks.hpp"

namespace oncoshare::cli {

CLI::Validator in_range(const core::Bounds& bounds) {
  return CLI::Validator(
      [bounds](std::string& text) { return core::number_text_problem(text, bounds).value_or(std::string()); },
      "in " + bounds.text());
}

CLI::Validator absolute_uri() {
  return CLI::Validator([](std::string& text) { return core::absolute_uri_problem(text).value_or(std::string()); },
                        "absolute URI");
}

}  // namespace oncoshare::cli
