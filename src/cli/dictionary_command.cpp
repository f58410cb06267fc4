// `oncoshare dictionary check|show`: load a REDCap data dictionary (and optional mapping
// file), report design problems (and mapping targets that `fhir` would refuse) or print the
// variables.
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "dictionary/check.hpp"
#include "dictionary/mapping.hpp"
#include "dictionary/redcap_dictionary.hpp"
#include "dictionary/validation.hpp"
#include "fhir/plan.hpp"
#include "omop/mapping_targets.hpp"

namespace oncoshare::cli {

namespace {

struct DictionaryOptions {
  std::string dictionary;
  std::string mapping;
  std::string format = "text";
};

core::Result<dictionary::Dictionary> load(const DictionaryOptions& o) {
  auto dict = dictionary::read_redcap_dictionary(o.dictionary);
  if (!dict) return dict;
  if (!o.mapping.empty()) ONCOSHARE_TRY(dictionary::apply_mapping(*dict, o.mapping));
  return dict;
}

nlohmann::json location_json(const core::Location& where) {
  nlohmann::json j{{"file", where.file}, {"line", where.line}, {"field", where.field}};
  if (where.column > 0) j["column"] = where.column;
  return j;
}

int run_check(const DictionaryOptions& o) {
  auto dict = load(o);
  if (!dict) return report(dict.error());
  std::vector<dictionary::Problem> problems = dictionary::check_dictionary(*dict);
  if (!o.mapping.empty()) {
    // The targets as `fhir` reads them, so that a mapping passing here converts there.
    for (core::Error& fault : fhir::check_plan(*dict)) {
      problems.push_back({dictionary::Severity::error, std::move(fault.where), std::move(fault.message)});
    }
    // And as `omop` reads them.
    for (core::Error& fault : omop::check_omop_targets(*dict)) {
      problems.push_back({dictionary::Severity::error, std::move(fault.where), std::move(fault.message)});
    }
  }
  const auto errors = static_cast<std::size_t>(
      std::count_if(problems.begin(), problems.end(), [](const dictionary::Problem& p) {
        return p.severity == dictionary::Severity::error;
      }));
  const std::size_t warnings = problems.size() - errors;
  if (o.format == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const dictionary::Problem& p : problems) {
      nlohmann::json j = location_json(p.where);
      j["severity"] = dictionary::to_string(p.severity);
      j["message"] = p.message;
      list.push_back(std::move(j));
    }
    nlohmann::json out{{"dictionary", o.dictionary},   {"mapping", o.mapping},
                       {"variables", dict->variables().size()}, {"forms", dict->forms().size()},
                       {"errors", errors},             {"warnings", warnings},
                       {"problems", std::move(list)}};
    fmt::print("{}\n", out.dump(2));
  } else {
    for (const dictionary::Problem& p : problems) fmt::print("{}\n", p.to_string());
    fmt::print("{}: {} error{}, {} warning{} ({} variables, {} forms)\n", o.dictionary, errors,
               errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s",
               dict->variables().size(), dict->forms().size());
  }
  return errors > 0 ? 1 : 0;
}

std::string validation_cell(const dictionary::Validation& v) {
  if (v.name.empty()) return "";
  if (v.min.empty() && v.max.empty()) return v.name;
  return fmt::format("{} [{}..{}]", v.name, v.min, v.max);
}

nlohmann::json coding_json(const dictionary::Coding& c) {
  if (c.empty()) return nullptr;
  return {{"system", c.system}, {"code", c.code}, {"display", c.display}};
}

// null when the mapping gives no concept id (not 0: 0 is a given "no matching concept").
nlohmann::json concept_json(const std::optional<std::int64_t>& concept_id) {
  if (!concept_id) return nullptr;
  return *concept_id;
}

// "3036277; 1=8507 2=8532": the variable's own concept, then each choice's, for the text table.
std::string concepts_cell(const dictionary::Variable& v) {
  std::string cell = v.mapping.omop_concept_id ? std::to_string(*v.mapping.omop_concept_id) : "";
  std::string choices;
  for (const dictionary::Choice& c : v.choices) {
    if (!c.omop_concept_id) continue;
    if (!choices.empty()) choices += ' ';
    choices += fmt::format("{}={}", c.code, *c.omop_concept_id);
  }
  if (!cell.empty() && !choices.empty()) cell += "; ";
  return cell + choices;
}

nlohmann::json variable_json(const dictionary::Variable& v) {
  nlohmann::json choices = nlohmann::json::array();
  for (const dictionary::Choice& c : v.choices) {
    choices.push_back({{"code", c.code},
                       {"label", c.label},
                       {"coding", coding_json(c.coding)},
                       {"omop_concept_id", concept_json(c.omop_concept_id)}});
  }
  const dictionary::Mapping& m = v.mapping;
  nlohmann::json j{{"name", v.name},
                   {"form", v.form},
                   {"type", dictionary::to_string(v.type)},
                   {"label", v.label},
                   {"line", v.line},
                   {"validation", {{"name", v.validation.name},
                                   {"min", v.validation.min},
                                   {"max", v.validation.max}}},
                   {"choices", std::move(choices)},
                   {"identifier", v.identifier},
                   {"required", v.required},
                   {"requirement", dictionary::to_string(m.requirement)},
                   {"coding", coding_json(m.coding)},
                   {"unit", m.unit},
                   {"fhir", m.fhir},
                   {"omop", m.omop},
                   {"omop_concept_id", concept_json(m.omop_concept_id)},
                   {"mandatory_if", m.mandatory_if}};
  if (v.validation.decimals) j["validation"]["decimals"] = *v.validation.decimals;
  if (!v.branching_logic.empty()) j["branching_logic"] = v.branching_logic;
  if (!v.calculation.empty()) j["calculation"] = v.calculation;
  if (m.max_length) j["max_length"] = *m.max_length;
  return j;
}

int run_show(const DictionaryOptions& o) {
  auto dict = load(o);
  if (!dict) return report(dict.error());
  if (o.format == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const dictionary::Variable& v : dict->variables()) list.push_back(variable_json(v));
    fmt::print("{}\n", nlohmann::json{{"dictionary", o.dictionary}, {"variables", list}}.dump(2));
    return 0;
  }
  std::vector<std::array<std::string, 7>> rows{
      {"name", "form", "type", "validation", "choices", "requirement", "omop_concept_id"}};
  for (const dictionary::Variable& v : dict->variables()) {
    rows.push_back({v.name, v.form, std::string(dictionary::to_string(v.type)),
                    validation_cell(v.validation), std::to_string(v.choices.size()),
                    std::string(dictionary::to_string(v.mapping.requirement)), concepts_cell(v)});
  }
  std::array<std::size_t, 7> width{};
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += i + 1 == row.size() ? row[i] : fmt::format("{:<{}}  ", row[i], width[i]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();  // empty last cells
    fmt::print("{}\n", line);
  }
  return 0;
}

void add_common_options(CLI::App* cmd, DictionaryOptions& o) {
  cmd->add_option("--dictionary", o.dictionary, "REDCap data dictionary CSV")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--mapping", o.mapping, "oncoshare mapping CSV (see docs/mapping.md)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--format", o.format, "output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
}

}  // namespace

void register_dictionary(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("dictionary", "Read and check REDCap data dictionaries");
  cmd->require_subcommand(1);
  auto options = std::make_shared<DictionaryOptions>();

  auto* check = cmd->add_subcommand(
      "check",
      "Report every design problem in a dictionary (and mapping). Exit 0: no errors "
      "(warnings allowed), 1: errors found, 2: files unreadable or malformed");
  add_common_options(check, *options);
  check->callback([&action, options] { action = [options] { return run_check(*options); }; });

  auto* show = cmd->add_subcommand(
      "show",
      "Print the variables: name, form, type, validation, choices, requirement, OMOP concept ids");
  add_common_options(show, *options);
  show->callback([&action, options] { action = [options] { return run_show(*options); }; });
}

}  // namespace oncoshare::cli
