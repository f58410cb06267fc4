// `oncoshare keygen --out K`: a fresh 256-bit pseudonymisation key, mode 0600.
#include <fmt/format.h>
#include <memory>

#include "cli/command.hpp"
#include "privacy/pseudonym.hpp"

namespace oncoshare::cli {

void register_keygen(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("keygen", "Create a 256-bit key file for pseudonyms (mode 0600)");
  auto out = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  cmd->add_option("--out", *out, "key file to create (an existing file is refused; see --force)")->required();
  cmd->add_flag("--force", *force, kForceHelp);
  cmd->callback([&action, out, force] {
    action = [out, force] {
      core::Status saved = privacy::Key::generate().save(*out, existing_key(*force));
      if (!saved) return report(saved.error());
      fmt::print("key written to {} (mode 0600)\n", *out);
      return 0;
    };
  });
}

}  // namespace oncoshare::cli
