#include "cli/command.hpp"

namespace oncoshare::cli {

// Placeholder until the keygen component lands; hidden from --help.
void register_keygen(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("keygen", "");
  cmd->group("");
  cmd->allow_extras();
  cmd->callback([&action] {
    action = [] { return report(core::bad_input("'keygen' is not available in this build")); };
  });
}

}  // namespace oncoshare::cli
