#include "cli/command.hpp"

namespace oncoshare::cli {

// Placeholder until the audit command lands; hidden from --help.
void register_audit(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("audit", "");
  cmd->group("");
  cmd->allow_extras();
  cmd->callback([&action] {
    action = [] { return report(core::bad_input("'audit' is not available in this build")); };
  });
}

}  // namespace oncoshare::cli
