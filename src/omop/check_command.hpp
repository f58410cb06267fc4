// `oncoshare omop check` as a library call, so tests run exactly what the CLI runs: open the
// database, run the checks, write omop-checks.json and omop-checks.html into a new output
// folder (atomically) and summarise.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "core/result.hpp"

namespace oncoshare::omop {

struct CheckCommandOptions {
  std::string db;              // sqlite:FILE or a PostgreSQL URI
  std::string schema = "cdm";  // PostgreSQL schema
  std::string out;             // output folder
  std::string today;           // YYYY-MM-DD; "" = the current date
};

struct CheckCommandSummary {
  std::size_t checks = 0;
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::size_t not_applicable = 0;
  std::size_t errors = 0;
  std::string out;

  // {"checks":..,"passed":..,"failed":..,"not_applicable":..,"errors":..,"out":..}
  [[nodiscard]] nlohmann::ordered_json to_json() const;
  [[nodiscard]] bool clean() const { return failed == 0 && errors == 0; }
};

// Errors (bad_input or io, exit 2): a malformed URL or --today, a missing file, an
// unreachable server, a missing schema, a database without a person table, an output
// folder that may not be replaced. Failed checks are in the summary, not an error.
[[nodiscard]] core::Result<CheckCommandSummary> run_check_command(const CheckCommandOptions& options);

}  // namespace oncoshare::omop
