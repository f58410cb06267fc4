#include "fhir/patient_identity.hpp"

#include <fmt/format.h>

#include "fhir/uuid.hpp"

namespace oncoshare::fhir {

std::string make_pseudonym(const PseudonymKeys& keys, std::string_view record_id) {
  return keys.project != nullptr ? privacy::pseudonym(*keys.site, *keys.project, record_id)
                                 : privacy::pseudonym(*keys.site, record_id);
}

std::string patient_resource_id(std::string_view pseudonym) {
  return uuid_v5(kOncoshareNamespace, fmt::format("{}/Patient", pseudonym));
}

}  // namespace oncoshare::fhir
