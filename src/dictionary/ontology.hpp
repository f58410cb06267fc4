// Code systems named in mapping files: short names and their canonical URIs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace oncoshare::dictionary {

// The canonical URI for a code system written as a short name (SNOMEDCT, SCT, LOINC,
// ICDO3, ICD-O-3, NCIT, RXNORM, UCUM, UICC-TNM, AJCC, ICD10; case-insensitive) or as a
// URI (http://, https://, urn:), which is returned unchanged. nullopt for an unknown
// short name. See docs/mapping.md for the table.
[[nodiscard]] std::optional<std::string> canonical_system(std::string_view text);

// The preferred short name of a canonical URI (e.g. "SNOMEDCT"), or the URI itself when
// it is not one of the known systems.
[[nodiscard]] std::string system_short_name(std::string_view uri);

// The known short names, comma-separated, for error messages.
[[nodiscard]] std::string_view known_system_names();

}  // namespace oncoshare::dictionary
