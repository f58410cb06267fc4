#include "cli/command.hpp"

namespace oncoshare::cli {

// Placeholder until the node command lands; hidden from --help.
void register_node(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("node", "");
  cmd->group("");
  cmd->allow_extras();
  cmd->callback([&action] {
    action = [] { return report(core::bad_input("'node' is not available in this build")); };
  });
}

}  // namespace oncoshare::cli
