// Re-identification risk of a table of quasi-identifiers: k-anonymity, distinct
// l-diversity, and the prosecutor / journalist / marketer models as ARX computes them
// (El Emam, "Guide to the De-Identification of Personal Health Information"). Formulas
// are in docs/privacy.md.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "privacy/quasi_table.hpp"

namespace oncoshare::privacy {

// Population class sizes keyed by the quasi-identifier values (in QuasiTable::quasi order).
using PopulationTable = std::map<std::vector<std::string>, std::uint64_t>;

struct RiskOptions {
  double threshold = 0.2;  // a record is "at risk" when its risk is above this
  // Journalist/marketer models need the population the sample was drawn from: either its
  // size N (class sizes estimated as f_j * N / n, a uniform sampling fraction) or a table
  // of population class sizes. Neither: the sample is the population.
  std::optional<std::uint64_t> population_size;
  std::optional<PopulationTable> population_table;
};

// One attack model's summary (ARX's RiskSummary).
struct RiskSummary {
  double records_at_risk = 0;  // share of records whose risk > threshold
  double highest_risk = 0;     // largest single-record risk
  double average_risk = 0;     // expected share of records re-identified ("success rate")
};

struct RiskReport {
  std::uint64_t records = 0;
  std::uint64_t classes = 0;
  std::uint64_t k = 0;                           // smallest equivalence class (0: no records)
  std::map<std::uint64_t, std::uint64_t> class_sizes;  // size -> number of classes
  std::optional<std::uint64_t> l;                // smallest distinct sensitive values per class
  double threshold = 0.2;
  std::string population;                        // "sample", "size N" or "table"
  RiskSummary prosecutor;
  RiskSummary journalist;
  double marketer = 0;                           // expected share re-identified
};

// Computes the report. Errors: a population size below the number of records, or a
// population table that lacks a sample class or has a class smaller than the sample's
// (the message shows the class's values).
[[nodiscard]] core::Result<RiskReport> assess_risk(const QuasiTable& table,
                                                   const RiskOptions& options);

// Reads a population table: a CSV whose header holds the quasi-identifier names (any
// order) and a `count` column; one row per population class. Errors name file:line and
// the bad value (missing columns, non-integer or zero count, repeated class).
[[nodiscard]] core::Result<PopulationTable> read_population_table(
    const std::string& path, const std::vector<std::string>& quasi);

// The report as JSON (stable key order) and as an aligned text table.
[[nodiscard]] nlohmann::ordered_json risk_to_json(const RiskReport& report,
                                                  const QuasiTable& table);
[[nodiscard]] std::string risk_to_text(const RiskReport& report, const QuasiTable& table);

}  // namespace oncoshare::privacy
