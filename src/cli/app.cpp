#include "cli/app.hpp"

#include <cstdio>
#include <exception>
#include <fmt/format.h>

#include "cli/command.hpp"

namespace oncoshare::cli {

int report(const core::Error& error) {
  fmt::print(stderr, "oncoshare: error: {}\n", error.to_string());
  return core::exit_code(error);
}

int run_cli(const std::vector<std::string>& args) {
  CLI::App app{"oncoshare: harmonise, check, protect and analyse cancer registry data across sites",
               "oncoshare"};
  app.set_version_flag("--version", std::string("oncoshare ") + ONCOSHARE_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);

  Action action;
  register_demo(app, action);
  register_synth(app, action);
  register_dictionary(app, action);
  register_logic(app, action);
  register_ingest(app, action);
  register_quality(app, action);
  register_keygen(app, action);
  register_fhir(app, action);
  register_privacy(app, action);
  register_crypt4gh(app, action);
  register_package(app, action);
  register_ca(app, action);
  register_node(app, action);
  register_audit(app, action);
  register_study(app, action);
  register_omop(app, action);
  register_dicom(app, action);

  // CLI11 wants the arguments last-first when given as a vector.
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "oncoshare: error: {} (see --help)\n", e.what());
    return 2;
  }
  if (!action) return 0;
  try {
    return action();
  } catch (const std::exception& e) {
    fmt::print(stderr, "oncoshare: internal error: {}\n", e.what());
    return 3;
  }
}

}  // namespace oncoshare::cli
