// The model matrix of one site: which study-table columns a model uses and how they become
// numbers. Every site builds its Design from the same ModelTerms, so columns line up and
// the coordinator can add the sites' statistics element-wise.
#pragma once

#include <Eigen/Dense>

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "analytics/filter.hpp"
#include "analytics/study_table.hpp"
#include "core/result.hpp"

namespace oncoshare::models {

// relevel(variable, "code") in a formula. The columns (1-based, in the formula text) let
// build_design() point at the variable or the level when the table has no such thing.
struct Relevel {
  std::string reference;  // choice code
  std::size_t variable_column = 0;
  std::size_t reference_column = 0;
};

// What a model uses, usually from parse_formula(). Categorical covariates are dummy coded
// against agreed levels so that every site produces the same columns, even a site where a
// level never occurs.
struct ModelTerms {
  std::string outcome;                  // response (GLM); empty for survival models
  std::vector<std::string> covariates;  // in formula order
  bool intercept = true;
  std::string offset;                   // variable name, empty for none
  bool offset_log = false;              // offset(log(var)) rather than offset(var)
  std::string time, event;              // Surv(time, event); empty for a GLM
  // Agreed choice codes per categorical covariate (first = reference). A covariate not
  // listed here uses its column's choices in dictionary order (identical on every site,
  // since all sites share the dictionary), except yesno/truefalse: 0 then 1.
  std::map<std::string, std::vector<std::string>> levels;
  // relevel(variable, "code") terms, by variable: that code becomes the reference.
  std::map<std::string, Relevel> relevels;
};

// The design columns of one categorical covariate: x columns first .. first + width - 1
// are the dummies of levels[1..]; a row with none of them set has the reference levels[0].
struct DummyBlock {
  std::string variable;
  std::vector<std::string> levels;  // agreed choice codes, reference first
  std::size_t first = 0;
  std::size_t width = 0;
};

// One site's numbers. x has one column per entry of names; y / offset / time / event have
// x.rows() entries (offset all zero without an offset term; time and event empty unless
// the terms have Surv(); y empty for survival terms).
struct Design {
  // R-style coefficient names: "(Intercept)", "age_dx", "stage_group3" (variable name +
  // choice code of the dummy's level); a yesno/truefalse covariate is one 0/1 column named
  // after the variable ("obstruct"), unless relevel() or agreed levels make it a factor.
  std::vector<std::string> names;
  Eigen::MatrixXd x;
  Eigen::VectorXd y, offset, time, event;
  std::size_t excluded = 0;  // rows left out because a model variable was missing
  // Where the numbers came from, for messages and disclosure checks (model_disclosure.hpp).
  std::string outcome_variable, time_variable, event_variable;
  std::vector<DummyBlock> dummies;  // one per categorical covariate, in formula order
};

// Builds the design of `table` for `terms`, keeping only rows that pass `filter` (if
// given) and have every model variable present. Categorical outcome and event values are
// their numeric choice codes (yesno -> 0/1). Errors (bad_input) name the variable: unknown
// variable, text column, a categorical outcome with a non-numeric code, an agreed level
// that is not a choice of the column, a categorical offset, a value outside the agreed
// levels, log() of a value <= 0; relevel() of an unknown or non-categorical variable or to
// a code that is not a choice (these give the formula column). They never carry a
// record's id or value.
[[nodiscard]] core::Result<Design> build_design(const analytics::StudyTable& table,
                                                const ModelTerms& terms,
                                                const analytics::Filter* filter = nullptr);

// "outcome 'y'", or just the role when the design does not name the variable: how model
// errors name a variable (never with a record's value or row).
[[nodiscard]] std::string variable_label(const char* role, const std::string& name);

// The coefficient names build_design() would produce for `terms` on `table` (the same on
// every site). Errors as build_design().
[[nodiscard]] core::Result<std::vector<std::string>> design_names(
    const analytics::StudyTable& table, const ModelTerms& terms);

}  // namespace oncoshare::models
