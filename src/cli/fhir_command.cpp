#include "cli/command.hpp"

namespace oncoshare::cli {

// Placeholder until the fhir component lands; hidden from --help.
void register_fhir(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("fhir", "");
  cmd->group("");
  cmd->allow_extras();
  cmd->callback([&action] {
    action = [] { return report(core::bad_input("'fhir' is not available in this build")); };
  });
}

}  // namespace oncoshare::cli
