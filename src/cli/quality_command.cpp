#include "cli/command.hpp"

namespace oncoshare::cli {

// Placeholder until the quality component lands; hidden from --help.
void register_quality(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("quality", "");
  cmd->group("");
  cmd->allow_extras();
  cmd->callback([&action] {
    action = [] { return report(core::bad_input("'quality' is not available in this build")); };
  });
}

}  // namespace oncoshare::cli
