// `oncoshare package`: encrypt a directory into an archive submission package (Crypt4GH
// files + manifest.json with checksums), and `oncoshare package verify` to re-check one.
#include <fmt/format.h>
#include <memory>

#include "cli/command.hpp"
#include "crypt4gh/crypt4gh.hpp"

namespace oncoshare::cli {

namespace {

struct PackageOptions {
  std::string in;
  std::vector<std::string> recipients;
  std::string out;
  std::string package;
  std::string sk;
  std::string method = "chacha20";
};

int run_package(const PackageOptions& o) {
  core::Result<crypt4gh::DataMethod> method = crypt4gh::parse_data_method(o.method);
  if (!method) return report(method.error());
  std::vector<crypt4gh::PublicKey> keys;
  for (const std::string& path : o.recipients) {
    core::Result<crypt4gh::PublicKey> key = crypt4gh::read_public_key(path);
    if (!key) return report(key.error());
    keys.push_back(*key);
  }
  core::Result<std::vector<crypt4gh::PackagedFile>> files = crypt4gh::build_package(o.in, keys, o.out, *method, o.recipients);
  if (!files) return report(files.error());
  fmt::print("packaged {} file(s) into {}\n", files->size(), o.out);
  return 0;
}

int run_verify(const PackageOptions& o) {
  std::optional<crypt4gh::SecretKey> reader;
  if (!o.sk.empty()) {
    core::Result<crypt4gh::SecretKey> key = crypt4gh::read_secret_key(
        o.sk, [&o] { return crypt4gh::ask_passphrase(fmt::format("Passphrase for {}: ", o.sk)); });
    if (!key) return report(key.error());
    reader.emplace(std::move(*key));
  }
  core::Result<std::size_t> checked = crypt4gh::verify_package(o.package, reader ? &*reader : nullptr);
  if (!checked) return report(checked.error());
  fmt::print("{}: {} file(s) verified ({})\n", o.package, *checked,
             reader ? "ciphertext and plaintext checksums" : "ciphertext checksums");
  return 0;
}

}  // namespace

void register_package(CLI::App& app, Action& action) {
  auto options = std::make_shared<PackageOptions>();
  auto* cmd = app.add_subcommand("package", "Encrypt a directory into a Crypt4GH archive submission package");
  cmd->add_option("--in", options->in, "Directory to package (all files, recursively)");
  cmd->add_option("--recipient_pk", options->recipients, "Archive public key (repeatable)");
  cmd->add_option("--out", options->out, out_folder_help("Crypt4GH files and manifest.json; never inside --in"));
  cmd->add_option("--method", options->method,
                  "Data encryption method: chacha20 (default, method 0, what EGA reads) or aead (method 1, also "
                  "detects reordered segments and truncation)");
  auto* verify = cmd->add_subcommand("verify", "Re-check a package's files against its manifest");
  verify->add_option("package", options->package, "Package directory")->required();
  verify->add_option("--sk", options->sk, "Secret key: also decrypt and check plaintext checksums");
  verify->callback([&action, options] { action = [options] { return run_verify(*options); }; });
  cmd->callback([verify, &action, options] {
    if (verify->parsed()) return;
    if (options->in.empty() || options->recipients.empty() || options->out.empty()) {
      action = [] { return report(core::bad_input("package needs --in DIR, --recipient_pk KEY and --out PKG")); };
      return;
    }
    action = [options] { return run_package(*options); };
  });
}

}  // namespace oncoshare::cli
