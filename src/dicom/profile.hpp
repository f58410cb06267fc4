// PS3.15 Annex E, Table E.1-1: what the Basic Application Level Confidentiality Profile does
// to each attribute, and what four of its options change. The table is generated from the
// standard's data (scripts/generate-dicom-profile -> generated/confidentiality_profile.inc).
#pragma once

#include <cstdint>
#include <string_view>

namespace oncoshare::dicom {

// The action taken on one attribute. Combined codes of the table are resolved to one of
// these (see action_for).
enum class Action {
  keep,         // K: unchanged (dates still move under retain_modified_dates)
  remove,       // X
  zero,         // Z: present with an empty value (a sequence without items)
  dummy,        // D: a value valid for the VR that is clearly not real (see value_rules.hpp)
  clean,        // C: identifying values taken out; dates shifted under the dates option
  replace_uid,  // U: a keyed UID (uid_mapper.hpp); in a sequence, the UIDs of its items
};

// The options of Table E.1-1 that oncoshare offers (PS3.15 E.3).
struct ProfileOptions {
  bool retain_modified_dates =
      false;  // Retain Longitudinal Temporal Information with Modified Dates
  bool retain_patient_characteristics = false;  // Retain Patient Characteristics
  bool retain_device_identity = false;          // Retain Device Identity
  bool clean_descriptors = false;               // Clean Descriptors
};

// The action for attribute (group,element) under `options`:
//  - a private attribute (odd group), private creators included: remove, always;
//  - PatientName (0010,0010) and PatientID (0010,0020) get the table's action here; the
//    de-identifier then writes the patient pseudonym into both;
//  - an attribute the table lists: an option in force whose column is K gives keep, else one
//    whose column is C gives clean, else the Basic Profile code. Combined codes, which the
//    standard resolves by the IOD's attribute type (not known here), take the choice that
//    never empties a type 1 or 2 attribute and never keeps the original value:
//    X/Z -> zero, X/D, X/Z/D and Z/D -> dummy, X/Z/U* -> replace_uid;
//  - any other standard attribute: keep.
// Pure and thread-safe.
[[nodiscard]] Action action_for(std::uint16_t group, std::uint16_t element,
                                const ProfileOptions& options);

// "K", "X", "Z", "D", "C", "U": the table code of an action (for messages and tests).
[[nodiscard]] std::string_view action_code(Action action);

}  // namespace oncoshare::dicom
