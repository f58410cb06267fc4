// `oncoshare logic check|eval`: parse REDCap logic and show its fields, or evaluate it
// with values given on the command line.
#include <fmt/format.h>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "dictionary/logic.hpp"

namespace oncoshare::cli {
namespace {

namespace logic = dictionary::logic;

struct LogicArgs {
  std::string expression;
  std::vector<std::string> assignments;  // var=value
  std::string today;
};

// Reports an error in the logic text with the text and a caret under the column.
int report_in_text(const core::Error& error, const std::string& text) {
  const int code = report(error);
  if (error.where.column > 0) {
    fmt::print(stderr, "  {}\n  {}^\n", text, std::string(error.where.column - 1, ' '));
  }
  return code;
}

// The key of a --set assignment as a canonical field: "age", "race(2)", "race___2",
// "[enrollment_arm_1][age]" all work.
core::Result<std::string> canonical_key(const std::string& key) {
  std::string bracketed = key;
  if (bracketed.empty() || bracketed.front() != '[') {
    const auto checkbox = bracketed.find("___");
    if (checkbox != std::string::npos && checkbox > 0) {
      bracketed = bracketed.substr(0, checkbox) + "(" + bracketed.substr(checkbox + 3) + ")";
    }
    bracketed = "[" + bracketed + "]";
  }
  auto parsed = logic::parse(bracketed);
  if (!parsed || parsed->fields().size() != 1 || logic::to_string(parsed->fields()[0]) != bracketed) {
    return core::bad_input(fmt::format("--set: expected a field name before '=', got '{}'", key));
  }
  return bracketed;
}

core::Result<std::map<std::string, std::string>> parse_assignments(const std::vector<std::string>& assignments) {
  std::map<std::string, std::string> values;
  for (const auto& assignment : assignments) {
    const auto equals = assignment.find('=');
    if (equals == std::string::npos) {
      return core::bad_input(fmt::format("--set: expected var=value, got '{}'", assignment));
    }
    auto key = canonical_key(assignment.substr(0, equals));
    if (!key) return core::fail(key.error());
    values[*key] = assignment.substr(equals + 1);
  }
  return values;
}

int run_check(const LogicArgs& args) {
  auto parsed = logic::parse(args.expression);
  if (!parsed) return report_in_text(parsed.error(), args.expression);
  std::set<std::string> seen;
  for (const auto& field : parsed->fields()) {
    const std::string name = logic::to_string(field);
    if (seen.insert(name).second) fmt::print("{}\n", name);
  }
  return 0;
}

int run_eval(const LogicArgs& args) {
  auto parsed = logic::parse(args.expression);
  if (!parsed) return report_in_text(parsed.error(), args.expression);
  auto values = parse_assignments(args.assignments);
  if (!values) return report(values.error());
  // [event][var] falls back to a plain var=value, so one --set serves every event.
  logic::Resolver resolve = [&values](const logic::FieldRef& field) -> std::optional<std::string> {
    if (auto hit = values->find(logic::to_string(field)); hit != values->end()) return hit->second;
    if (field.event.empty()) return std::nullopt;
    logic::FieldRef plain = field;
    plain.event.clear();
    if (auto hit = values->find(logic::to_string(plain)); hit != values->end()) return hit->second;
    return std::nullopt;
  };
  logic::EvaluationOptions options;
  options.today = args.today;
  auto value = parsed->evaluate(resolve, options);
  if (!value) return report_in_text(value.error(), args.expression);
  fmt::print("{}\n", logic::format_value(*value));
  return 0;
}

}  // namespace

void register_logic(CLI::App& app, Action& action) {
  auto args = std::make_shared<LogicArgs>();
  auto* cmd = app.add_subcommand("logic", "Check or evaluate REDCap branching logic and calculations");
  cmd->require_subcommand(1);

  auto* check = cmd->add_subcommand("check", "Parse logic; print the fields it reads, or the syntax error");
  check->add_option("expression", args->expression, "REDCap logic, e.g. \"[sex] = '0'\"")->required();
  check->callback([&action, args] { action = [args] { return run_check(*args); }; });

  auto* eval = cmd->add_subcommand("eval", "Evaluate logic with field values given by --set");
  eval->add_option("expression", args->expression, "REDCap logic or calculation")->required();
  eval->add_option("--set", args->assignments, "field=value (also race(2)=1, [event][var]=value)");
  eval->add_option("--today", args->today, "date used for \"today\" in datediff (YYYY-MM-DD)");
  eval->callback([&action, args] { action = [args] { return run_eval(*args); }; });
}

}  // namespace oncoshare::cli
