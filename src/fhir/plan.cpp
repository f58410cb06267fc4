#include "fhir/plan.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <fmt/format.h>
#include <optional>

#include "core/ascii_case.hpp"

namespace oncoshare::fhir {

namespace {

using dictionary::Choice;
using dictionary::FieldType;
using dictionary::Variable;

constexpr std::string_view kSnomed = "http://snomed.info/sct";
constexpr std::string_view kGenderSystem = "http://hl7.org/fhir/administrative-gender";
constexpr std::string_view kVerificationSystem = "http://terminology.hl7.org/CodeSystem/condition-ver-status";


bool is_yes_no(const Variable& v) { return v.type == FieldType::yesno || v.type == FieldType::truefalse; }

std::optional<std::string> gender_of(const Choice& choice) {
  const auto& c = choice.coding;
  if (c.system == kSnomed && c.code == "248153007") return "male";
  if (c.system == kSnomed && c.code == "248152002") return "female";
  if (c.system == kGenderSystem) return c.code;
  static constexpr std::array kLabels = {"male", "female", "other", "unknown"};
  const std::string label = core::ascii_lower(choice.label);
  for (const char* known : kLabels) {
    if (label == known) return std::string(known);
  }
  return std::nullopt;
}

std::optional<std::string> deceased_of(const Variable& v, const Choice& choice) {
  const auto& c = choice.coding;
  if (c.system == kSnomed && c.code == "419099009") return "true";   // Dead
  if (c.system == kSnomed && c.code == "438949009") return "false";  // Alive
  if (c.empty() && is_yes_no(v)) return choice.code == "1" ? "true" : "false";
  return std::nullopt;
}

std::optional<std::string> verification_of(const Variable& v, const Choice& choice) {
  if (choice.coding.system == kVerificationSystem) return choice.coding.code;
  if (choice.coding.empty() && is_yes_no(v)) return choice.code == "1" ? "confirmed" : "provisional";
  return std::nullopt;
}

bool is_integer(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

core::Error plan_error(const dictionary::Dictionary& dict, const Variable& v, std::string message) {
  return core::bad_input(fmt::format("variable '{}': {}", v.name, message),
                         core::Location{dict.mapping_source(), v.mapping.line, 0, "fhir"});
}

// Resolves each choice through `resolve`; an unresolvable choice is an error.
template <class Resolve>
core::Status literals(const dictionary::Dictionary& dict, const Variable& v, std::string_view what,
                      std::string_view hint, PlannedVariable& planned, Resolve resolve) {
  for (const Choice& choice : v.choices) {
    std::optional<std::string> literal = resolve(choice);
    if (!literal) {
      return plan_error(dict, v, fmt::format("choice '{}' ({}) does not say which {} it is; {}", choice.code,
                                             choice.label, what, hint));
    }
    planned.choice_literals.push_back(std::move(*literal));
  }
  return {};
}

bool patient_level(Role role) {
  return role == Role::patient_identifier || role == Role::patient_gender || role == Role::patient_birth_date ||
         role == Role::patient_deceased || role == Role::patient_deceased_date || role == Role::patient_postal_code;
}

core::Status check(const dictionary::Dictionary& dict, const Variable& v, PlannedVariable& planned) {
  const Target& t = planned.target;
  switch (t.role) {
    case Role::patient_gender:
      return literals(dict, v, "administrative gender", "code it SNOMEDCT 248153007 / 248152002 or label it Male, "
                      "Female, Other or Unknown", planned, [](const Choice& c) { return gender_of(c); });
    case Role::patient_deceased:
      return literals(dict, v, "vital status", "code it SNOMEDCT 419099009 (dead) / 438949009 (alive)", planned,
                      [&](const Choice& c) { return deceased_of(v, c); });
    case Role::condition_verification:
      return literals(dict, v, "verification status", fmt::format("code it in {}", kVerificationSystem), planned,
                      [&](const Choice& c) { return verification_of(v, c); });
    case Role::observation: {
      const ObservationKind& kind = *t.observation;
      if (kind.fixed_code.empty() && v.mapping.coding.empty()) {
        return plan_error(dict, v, fmt::format("FHIR target '{}' needs the variable's own code (fill system and "
                                               "code on its mapping row)", v.mapping.fhir));
      }
      if (kind.shape == ValueShape::checkbox_extensions && v.type != FieldType::checkbox) {
        return plan_error(dict, v, fmt::format("FHIR target '{}' needs a checkbox field", v.mapping.fhir));
      }
      if (kind.shape == ValueShape::integer_interpretation) {
        for (const Choice& choice : v.choices) {
          if (!is_integer(choice.code)) {
            return plan_error(dict, v, fmt::format("choice '{}' is not an integer score", choice.code));
          }
        }
      }
      return {};
    }
    default:
      return {};
  }
}

// Plans every variable with a target; a variable whose target is faulty is left out and its
// fault added to `faults`, so that one pass finds them all.
ConversionPlan build_plan(const dictionary::Dictionary& dict, std::vector<core::Error>& faults) {
  ConversionPlan plan;
  std::array<const Variable*, 32> patient_roles{};
  const auto& vars = dict.variables();
  for (std::size_t i = 0; i < vars.size(); ++i) {
    const Variable& v = vars[i];
    if (v.mapping.fhir.empty() || !v.exported()) continue;
    core::Result<Target> target = parse_target(v.mapping.fhir);
    if (!target) {
      faults.push_back(plan_error(dict, v, target.error().message));
      continue;
    }
    PlannedVariable planned{i, *target, {}};
    if (patient_level(target->role)) {
      const Variable*& first = patient_roles[static_cast<std::size_t>(target->role)];
      if (first != nullptr) {
        faults.push_back(plan_error(dict, v, fmt::format("'{}' is already mapped by '{}' (line {})",
                                                         v.mapping.fhir, first->name, first->mapping.line)));
        continue;
      }
      first = &v;
    }
    core::Status checked = check(dict, v, planned);
    if (!checked) {
      faults.push_back(checked.error());
      continue;
    }
    plan.variables.push_back(std::move(planned));
  }
  return plan;
}

}  // namespace

core::Result<ConversionPlan> make_plan(const dictionary::Dictionary& dict) {
  std::vector<core::Error> faults;
  ConversionPlan plan = build_plan(dict, faults);
  if (!faults.empty()) return faults.front();
  return plan;
}

std::vector<core::Error> check_plan(const dictionary::Dictionary& dict) {
  std::vector<core::Error> faults;
  (void)build_plan(dict, faults);
  return faults;
}

}  // namespace oncoshare::fhir
