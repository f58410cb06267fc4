// The derived variables of the study view, in one place. A node describes them in its
// catalog by serialising this struct (see docs/analytics.md, "Derived variables").
#pragma once

#include <string>
#include <vector>

namespace oncoshare::analytics {

// survival time = (death date if dead, else last contact date) - origin date, in days;
// event = 1 if vital status is the dead code, else 0. Either is missing when a date it
// needs is missing; a negative time or a death without a death date is a table problem.
struct SurvivalDerivation {
  std::string time_name = "survival_days";
  std::string event_name = "event";
  std::string origin = "diagnosis_date";
  std::string death_date = "death_date";
  std::string last_contact = "last_contact_date";
  std::string vital_status = "vital_status";
  std::string dead_code = "1";
};

// `name` = the value of `variable` on the lowest-numbered instance of the repeating
// `instrument` where it is not blank (e.g. the first treatment's type). Same type and
// choices as `variable`.
struct FirstOfRepeat {
  std::string name;
  std::string instrument;
  std::string variable;
};

struct Derivations {
  bool survival_enabled = true;
  SurvivalDerivation survival;
  std::vector<FirstOfRepeat> first_of{{"first_treatment", "treatment", "treatment_type"}};
  // Identifier fields (dictionary "Identifier? = y") are left out of the table unless set.
  bool include_identifiers = false;
};

}  // namespace oncoshare::analytics
