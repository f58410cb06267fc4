// `oncoshare omop check`: the OHDSI Data Quality Dashboard 5.4 checks on an OMOP database.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/command.hpp"

namespace oncoshare::cli {

// Adds the subcommand `check` to the `omop` command.
void register_omop_check(CLI::App& omop, Action& action);

}  // namespace oncoshare::cli
