#include "omop/mapping_targets.hpp"

#include <fmt/format.h>

#include "omop/cdm_schema.hpp"

namespace oncoshare::omop {

std::vector<core::Error> check_omop_targets(const dictionary::Dictionary& dict) {
  std::vector<core::Error> errors;
  for (const dictionary::Variable& v : dict.variables()) {
    const std::string& target = v.mapping.omop;
    if (target.empty()) continue;
    const std::size_t dot = target.find('.');
    const std::string table_name = target.substr(0, dot);
    const CdmTable* table = find_cdm_table(table_name);
    std::string problem;
    if (table == nullptr) {
      problem = fmt::format("unknown OMOP CDM 5.4 table '{}' (targets are table or table.field, e.g. measurement or "
                            "person.year_of_birth)",
                            table_name);
    } else if (dot != std::string::npos && table->field(std::string_view(target).substr(dot + 1)) < 0) {
      problem = fmt::format("table '{}' of the OMOP CDM 5.4 has no field '{}'", table_name, target.substr(dot + 1));
    }
    if (problem.empty()) continue;
    errors.push_back(core::bad_input(fmt::format("variable '{}': {}", v.name, problem),
                                     core::Location{dict.mapping_source(), v.mapping.line, 0, "omop"}));
  }
  return errors;
}

}  // namespace oncoshare::omop
