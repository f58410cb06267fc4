// How subcommands plug into the `oncoshare` executable.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

#include "core/error.hpp"
#include "core/key_file.hpp"

namespace oncoshare::cli {

// A subcommand's work, chosen during parsing and run after it. Returns the exit code.
using Action = std::function<int()>;

// Each register_* adds one subcommand (with its own --help) to `app`; when the user picks
// it, parsing stores its work in `action`.
void register_dictionary(CLI::App& app, Action& action);
void register_ingest(CLI::App& app, Action& action);
void register_synth(CLI::App& app, Action& action);
void register_logic(CLI::App& app, Action& action);
void register_demo(CLI::App& app, Action& action);
void register_quality(CLI::App& app, Action& action);
void register_keygen(CLI::App& app, Action& action);
void register_fhir(CLI::App& app, Action& action);
void register_privacy(CLI::App& app, Action& action);
void register_crypt4gh(CLI::App& app, Action& action);
void register_package(CLI::App& app, Action& action);
void register_ca(CLI::App& app, Action& action);
void register_node(CLI::App& app, Action& action);
void register_audit(CLI::App& app, Action& action);
void register_study(CLI::App& app, Action& action);
void register_omop(CLI::App& app, Action& action);
void register_dicom(CLI::App& app, Action& action);

// Help of every --out DIR: what may be replaced (see core/output_claim.hpp).
inline std::string out_folder_help(const std::string& contents) {
  return "output folder (" + contents + "), written atomically; an existing folder is replaced only if it is an "
         "earlier output of this command (.oncoshare-output marker) holding no input";
}

// Help of the --force flag of every key and certificate writer.
inline constexpr const char* kForceHelp =
    "replace existing key/certificate files; the old ones are kept as NAME.bak (NAME.bak.1, ... if taken). "
    "Without --force an existing file is refused, as files encrypted for or signed by the old key need it";
inline core::ExistingKey existing_key(bool force) {
  return force ? core::ExistingKey::replace_keeping_backup : core::ExistingKey::refuse;
}

// Prints "oncoshare: error: <where>: <what>" on stderr and returns the exit code for it.
int report(const core::Error& error);

}  // namespace oncoshare::cli
