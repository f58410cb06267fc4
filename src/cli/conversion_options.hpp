// The options `fhir` and `omop` share: one conversion of REDCap exports (dictionary and
// mapping, pseudonym keys, date policy, quality filter), declared, checked and loaded once.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "dictionary/dictionary.hpp"
#include "fhir/fhir.hpp"
#include "privacy/pseudonym.hpp"

namespace oncoshare::cli {

struct ConversionCliOptions {
  std::string dictionary;
  std::string mapping;
  std::vector<std::string> data;
  std::string key_file;
  std::string project_key_file;
  std::string dates = "keep";
  std::string date_reference;
  std::int32_t max_shift_days = 365;
  std::optional<double> min_score;
  std::string quality_weights;

  // Every file the conversion reads (an output may never replace one of them).
  [[nodiscard]] std::vector<std::string> inputs() const;
};

// Adds the shared options to `cmd`. With `required` false the caller checks the required
// ones itself (a command whose subcommands do not take them).
void add_conversion_options(CLI::App& cmd, ConversionCliOptions& o, bool required = true);

// The required options missing from `o` ("--dictionary, --data"), or "".
[[nodiscard]] std::string missing_conversion_options(const ConversionCliOptions& o);

// The pseudonym keys a conversion command is given: --key-file and, when named,
// --project-key-file (two-stage pseudonyms). `fhir`, `omop` and `dicom deidentify` load them alike.
struct LoadedKeys {
  privacy::Key site;
  std::optional<privacy::Key> project;
  [[nodiscard]] fhir::PseudonymKeys keys() const { return {&site, project ? &*project : nullptr}; }
};

// Errors: an unreadable or malformed key file (privacy::Key::load's, naming the file).
[[nodiscard]] core::Result<LoadedKeys> load_pseudonym_keys(const std::string& key_file,
                                                           const std::string& project_key_file);

// What the options load into: the dictionary with its mapping, the checked plan, the keys
// and the conversion options (the caller sets its own output settings on `options`).
struct LoadedConversion {
  dictionary::Dictionary dict;
  fhir::ConversionPlan plan;
  privacy::Key site_key;
  std::optional<privacy::Key> project_key;
  fhir::FhirOptions options;
  [[nodiscard]] fhir::PseudonymKeys keys() const { return {&site_key, project_key ? &*project_key : nullptr}; }
};

// Errors: bad option values, unreadable dictionary / mapping / keys, an unknown
// --date-reference variable, mapping targets the plan refuses.
[[nodiscard]] core::Result<LoadedConversion> load_conversion(const ConversionCliOptions& o);

// Prints the conversion's first warnings (and how many more there were) on stderr.
void print_conversion_warnings(const fhir::ConversionStats& stats);

}  // namespace oncoshare::cli
