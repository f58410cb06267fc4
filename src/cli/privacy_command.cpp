#include "cli/command.hpp"

namespace oncoshare::cli {

// Placeholder until the privacy component lands; hidden from --help.
void register_privacy(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("privacy", "");
  cmd->group("");
  cmd->allow_extras();
  cmd->callback([&action] {
    action = [] { return report(core::bad_input("'privacy' is not available in this build")); };
  });
}

}  // namespace oncoshare::cli
