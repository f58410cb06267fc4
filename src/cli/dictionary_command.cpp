#include "cli/command.hpp"

namespace oncoshare::cli {

void register_dictionary(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("dictionary", "(not yet available)");
  cmd->callback([&action] { action = [] { return 2; }; });
}

}  // namespace oncoshare::cli
