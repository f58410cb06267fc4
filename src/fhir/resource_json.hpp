// JSON fragments shared by every resource builder: codings, references, data-absent
// reasons, the resource header.
#pragma once

#include <string>
#include <string_view>

#include "dictionary/variable.hpp"
#include "fhir/json_writer.hpp"

namespace oncoshare::fhir {

inline constexpr std::string_view kDataAbsentSystem = "http://terminology.hl7.org/CodeSystem/data-absent-reason";
inline constexpr std::string_view kDataAbsentExtension = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
inline constexpr std::string_view kUcum = "http://unitsofmeasure.org";

// Writes `"resourceType", "id"` and meta.profile (when `profile` is not empty) into an
// object the caller has begun.
void write_resource_header(JsonWriter& w, std::string_view type, std::string_view id, std::string_view profile);

// "coding":[{system, code, display?}] inside the current object.
void write_coding(JsonWriter& w, const dictionary::Coding& coding);
// `key`: {"coding":[{system, code, display?}]}; an array item when `key` is empty.
void write_concept(JsonWriter& w, std::string_view key, const dictionary::Coding& coding);
// `key`: {"text": text} for a free-text value that has no code.
void write_text_concept(JsonWriter& w, std::string_view key, std::string_view text);
// `key`: {"coding":[{system, code}]} in one call.
void write_code(JsonWriter& w, std::string_view key, std::string_view system, std::string_view code);

// "dataAbsentReason": the data-absent-reason concept `code` (unknown, masked, error, ...).
void write_absent_value(JsonWriter& w, std::string_view code);
// "_<element>": {"extension":[data-absent-reason = code]}, for a primitive element with no value.
void write_absent_primitive(JsonWriter& w, std::string_view element, std::string_view code);
// `key` (an object or array item when key is empty) holding only the data-absent-reason extension.
void write_absent_complex(JsonWriter& w, std::string_view key, std::string_view code);
// The data-absent-reason extension itself, as an item of an "extension" array the caller
// has begun (for an element that carries other extensions too).
void write_absent_extension(JsonWriter& w, std::string_view code);

// `key`: {"reference": "urn:uuid:<id>"} in bundles, {"reference": "<type>/<id>"} otherwise.
void write_reference(JsonWriter& w, std::string_view key, std::string_view type, std::string_view id, bool urn);
// The same as an array item.
void write_reference_item(JsonWriter& w, std::string_view type, std::string_view id, bool urn);

// A REDCap number as a JSON/FHIR decimal: trims, accepts a decimal comma, drops redundant
// leading zeros. False if `raw` is not a number.
[[nodiscard]] bool normalise_decimal(std::string_view raw, std::string& out);

}  // namespace oncoshare::fhir
