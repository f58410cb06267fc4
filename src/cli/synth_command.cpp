#include "cli/command.hpp"

namespace oncoshare::cli {

void register_synth(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("synth", "(not yet available)");
  cmd->callback([&action] { action = [] { return 2; }; });
}

}  // namespace oncoshare::cli
