#include "cli/command.hpp"

namespace oncoshare::cli {

// Placeholder until the crypt4gh component lands; hidden from --help.
void register_crypt4gh(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("crypt4gh", "");
  cmd->group("");
  cmd->allow_extras();
  cmd->callback([&action] {
    action = [] { return report(core::bad_input("'crypt4gh' is not available in this build")); };
  });
}

}  // namespace oncoshare::cli
