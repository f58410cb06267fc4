#include "cli/command.hpp"

namespace oncoshare::cli {

// Placeholder until the ca command lands; hidden from --help.
void register_ca(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("ca", "");
  cmd->group("");
  cmd->allow_extras();
  cmd->callback([&action] {
    action = [] { return report(core::bad_input("'ca' is not available in this build")); };
  });
}

}  // namespace oncoshare::cli
