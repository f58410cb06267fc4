#include "cli/command.hpp"

namespace oncoshare::cli {

// Placeholder until the package component lands; hidden from --help.
void register_package(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("package", "");
  cmd->group("");
  cmd->allow_extras();
  cmd->callback([&action] {
    action = [] { return report(core::bad_input("'package' is not available in this build")); };
  });
}

}  // namespace oncoshare::cli
