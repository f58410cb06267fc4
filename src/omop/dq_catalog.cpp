#include "omop/dq_catalog.hpp"

#include <algorithm>
#include <iterator>

namespace oncoshare::omop {

namespace {
// The generated instances name only the members their check uses (designated
// initializers); the others keep their defaults, which is what GCC warns about.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#include "omop/generated/dqd54_checks.inc"
#pragma GCC diagnostic pop
}  // namespace

std::string_view level_name(CheckLevel level) {
  switch (level) {
    case CheckLevel::table: return "TABLE";
    case CheckLevel::field: return "FIELD";
    case CheckLevel::concept_level: return "CONCEPT";
  }
  return "TABLE";
}

std::span<const CheckDescription> dq_check_descriptions() { return kCheckDescriptions; }

std::span<const CheckInstance> dq_check_instances() { return kCheckInstances; }

const CheckDescription* find_check_description(std::string_view check) {
  const auto found = std::find_if(std::begin(kCheckDescriptions), std::end(kCheckDescriptions),
                                  [&](const CheckDescription& d) { return d.name == check; });
  return found == std::end(kCheckDescriptions) ? nullptr : &*found;
}

}  // namespace oncoshare::omop
