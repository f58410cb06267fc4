#include "cli/command.hpp"

namespace oncoshare::cli {

void register_logic(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("logic", "(not yet available)");
  cmd->callback([&action] { action = [] { return 2; }; });
}

}  // namespace oncoshare::cli
