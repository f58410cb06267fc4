#include "cli/command.hpp"

namespace oncoshare::cli {

// Placeholder until the study command lands; hidden from --help.
void register_study(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("study", "");
  cmd->group("");
  cmd->allow_extras();
  cmd->callback([&action] {
    action = [] { return report(core::bad_input("'study' is not available in this build")); };
  });
}

}  // namespace oncoshare::cli
