#include "cli/command.hpp"

namespace oncoshare::cli {

void register_ingest(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("ingest", "(not yet available)");
  cmd->callback([&action] { action = [] { return 2; }; });
}

}  // namespace oncoshare::cli
