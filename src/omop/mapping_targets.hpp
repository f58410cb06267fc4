// The `omop` column of the mapping file: `table` or `table.field` of the CDM 5.4.
#pragma once

#include <vector>

#include "core/error.hpp"
#include "dictionary/dictionary.hpp"

namespace oncoshare::omop {

// Every `omop` target naming no CDM table or field, each at its mapping line, field
// 'omop'; empty when all are known.
[[nodiscard]] std::vector<core::Error> check_omop_targets(const dictionary::Dictionary& dict);

}  // namespace oncoshare::omop
