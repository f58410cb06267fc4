// `oncoshare crypt4gh`: Crypt4GH keys and files (keygen, encrypt, decrypt, reencrypt,
// rearrange), compatible with the reference crypt4gh / crypt4gh-keygen tools.
#include <fcntl.h>
#include <sys/stat.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>
#include <memory>
#include <optional>

#include "cli/command.hpp"
#include "core/output_claim.hpp"
#include "crypt4gh/crypt4gh.hpp"

namespace oncoshare::cli {

namespace {

namespace c4gh = crypt4gh;

struct Options {
  std::string sk;
  std::string pk;
  std::string kdf = "scrypt";
  std::optional<std::string> comment;
  std::vector<std::string> recipients;
  std::string sender;
  std::string range;
  std::string method = "chacha20";
  std::string in;
  std::string out;
  bool trim = false;
  bool force = false;
};

// Input (file or stdin) and output (atomic file or stdout) of one run.
struct Io {
  int in_fd = STDIN_FILENO;
  std::unique_ptr<c4gh::Source> source;
  std::optional<core::AtomicFile> file;
  std::unique_ptr<c4gh::Sink> sink;
  ~Io() {
    if (in_fd != STDIN_FILENO) ::close(in_fd);
  }
};

// A pipe holds 64 KiB by default: a 1 MiB batch then takes 16 reads or writes, each a switch
// to the process at the other end. 1 MiB is what Linux grants without privileges.
void widen_if_pipe(int fd) {
  struct stat st{};
  if (::fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode)) (void)::fcntl(fd, F_SETPIPE_SZ, 1 << 20);
}

// True when both descriptors are one regular file: `encrypt < f >> f` would read its own
// output and grow the file until the disk is full (cat refuses the same).
bool same_regular_file(int a, int b) {
  struct stat sa{};
  struct stat sb{};
  return ::fstat(a, &sa) == 0 && ::fstat(b, &sb) == 0 && S_ISREG(sa.st_mode) && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

core::Result<std::unique_ptr<Io>> open_io(const Options& o, unsigned out_mode) {
  auto io = std::make_unique<Io>();
  if (!o.in.empty()) {
    io->in_fd = ::open(o.in.c_str(), O_RDONLY | O_CLOEXEC);
    if (io->in_fd < 0) return core::io_error("cannot open input file", core::Location{o.in});
  }
  widen_if_pipe(io->in_fd);
  io->source = std::make_unique<c4gh::FdSource>(io->in_fd, o.in.empty() ? "<stdin>" : o.in);
  if (o.out.empty()) {
    if (same_regular_file(io->in_fd, STDOUT_FILENO)) {
      return core::bad_input("the input is also the output (stdout); write to another file",
                             core::Location{o.in.empty() ? "<stdin>" : o.in});
    }
    widen_if_pipe(STDOUT_FILENO);
    io->sink = std::make_unique<c4gh::FdSink>(STDOUT_FILENO, "<stdout>");
  } else {
    std::vector<std::string> inputs{o.in, o.sk, o.sender};
    inputs.insert(inputs.end(), o.recipients.begin(), o.recipients.end());
    core::Result<core::AtomicFile> file = core::AtomicFile::create(o.out, out_mode, inputs);
    if (!file) return file.error();
    io->file.emplace(std::move(*file));
    io->sink = std::make_unique<c4gh::AtomicFileSink>(*io->file);
  }
  return io;
}

// Commits the output file on success; on failure the AtomicFile removes its temporary.
int finish(Io& io, const core::Status& status) {
  if (!status) return report(status.error());
  if (io.file) {
    core::Status committed = io.file->commit();
    if (!committed) return report(committed.error());
  }
  return 0;
}

c4gh::PassphraseCallback passphrase_for(const std::string& path) {
  return [path] { return c4gh::ask_passphrase(fmt::format("Passphrase for {}: ", path)); };
}

core::Result<std::vector<c4gh::PublicKey>> read_recipients(const std::vector<std::string>& paths) {
  std::vector<c4gh::PublicKey> keys;
  for (const std::string& path : paths) {
    core::Result<c4gh::PublicKey> key = c4gh::read_public_key(path);
    if (!key) return key.error();
    if (std::find(keys.begin(), keys.end(), *key) == keys.end()) keys.push_back(*key);  // as the reference's set()
  }
  if (keys.empty()) return core::bad_input("no recipient public key given (--recipient_pk)");
  return keys;
}

std::optional<c4gh::Range> range_or_none(const std::string& text, core::Status& status) {
  if (text.empty()) return std::nullopt;
  core::Result<c4gh::Range> range = c4gh::parse_range(text);
  if (!range) {
    status = range.error();
    return std::nullopt;
  }
  return *range;
}

int run_keygen(const Options& o) {
  const std::optional<c4gh::Kdf> kdf = c4gh::kdf_from_name(o.kdf);
  if (!kdf) {
    return report(core::bad_input(fmt::format("unsupported KDF '{}' (scrypt, bcrypt, pbkdf2_hmac_sha256 or none)", o.kdf),
                                  core::Location{.field = "--kdf"}));
  }
  if (core::Status same = core::check_output_file(o.pk, std::span(&o.sk, 1)); !same) {
    return report(core::bad_input("--sk and --pk name the same file", core::Location{o.pk}));
  }
  const core::ExistingKey existing = existing_key(o.force);
  const std::string files[] = {o.sk, o.pk};
  if (core::Status free = core::check_key_files(files, existing); !free) return report(free.error());
  const c4gh::SecretKey key = c4gh::SecretKey::generate();
  std::string passphrase;
  if (*kdf != c4gh::Kdf::none) {
    core::Result<std::string> asked = c4gh::ask_passphrase(fmt::format("Passphrase for {}: ", o.sk), true);
    if (!asked) return report(asked.error());
    passphrase = std::move(*asked);
  }
  core::Result<std::string> secret = c4gh::format_secret_key(key, *kdf, passphrase, o.comment);
  sodium_memzero(passphrase.data(), passphrase.size());
  if (!secret) return report(secret.error());
  core::Status written = core::write_key_file(o.sk, *secret, 0400, existing);
  sodium_memzero(secret->data(), secret->size());
  if (!written) return report(written.error());
  written = core::write_key_file(o.pk, c4gh::format_public_key(key.public_key()), 0644, existing);
  return written ? 0 : report(written.error());
}

int run_encrypt(const Options& o) {
  core::Status status;
  const std::optional<c4gh::Range> range = range_or_none(o.range, status);
  if (!status) return report(status.error());
  core::Result<c4gh::DataMethod> method = c4gh::parse_data_method(o.method);
  if (!method) return report(method.error());
  core::Result<std::vector<c4gh::PublicKey>> recipients = read_recipients(o.recipients);
  if (!recipients) return report(recipients.error());
  std::optional<c4gh::SecretKey> writer;
  if (o.sk.empty()) {
    writer.emplace(c4gh::SecretKey::generate());  // ephemeral writer key, as the reference
  } else {
    core::Result<c4gh::SecretKey> key = c4gh::read_secret_key(o.sk, passphrase_for(o.sk));
    if (!key) return report(key.error());
    writer.emplace(std::move(*key));
  }
  core::Result<std::unique_ptr<Io>> io = open_io(o, 0644);
  if (!io) return report(io.error());
  return finish(**io, c4gh::encrypt(*(*io)->source, *(*io)->sink, *writer, *recipients, range.value_or(c4gh::Range{}),
                                    *method));
}

int run_decrypt(const Options& o) {
  core::Status status;
  const std::optional<c4gh::Range> range = range_or_none(o.range, status);
  if (!status) return report(status.error());
  std::optional<c4gh::PublicKey> sender;
  if (!o.sender.empty()) {
    core::Result<c4gh::PublicKey> key = c4gh::read_public_key(o.sender);
    if (!key) return report(key.error());
    sender = *key;
  }
  core::Result<c4gh::SecretKey> key = c4gh::read_secret_key(o.sk, passphrase_for(o.sk));
  if (!key) return report(key.error());
  core::Result<std::unique_ptr<Io>> io = open_io(o, 0600);  // plaintext: owner only
  if (!io) return report(io.error());
  core::Result<c4gh::DecryptSummary> summary = c4gh::decrypt(*(*io)->source, *(*io)->sink, *key, sender, range);
  if (!summary) return finish(**io, summary.error());
  // Packets for other recipients are normal, but a damaged edit-list packet is skipped the same
  // way (as the reference does), so say so rather than stay silent.
  if (summary->unopened_packets > 0) {
    fmt::print(stderr, "oncoshare: warning: {} header packet(s) could not be opened with this key (other "
               "recipients, or damaged)\n", summary->unopened_packets);
  }
  return finish(**io, {});
}

int run_reencrypt(const Options& o) {
  core::Result<std::vector<c4gh::PublicKey>> recipients = read_recipients(o.recipients);
  if (!recipients) return report(recipients.error());
  core::Result<c4gh::SecretKey> key = c4gh::read_secret_key(o.sk, passphrase_for(o.sk));
  if (!key) return report(key.error());
  core::Result<std::unique_ptr<Io>> io = open_io(o, 0644);
  if (!io) return report(io.error());
  return finish(**io, c4gh::reencrypt(*(*io)->source, *(*io)->sink, *key, *recipients, o.trim));
}

int run_rearrange(const Options& o) {
  core::Result<c4gh::Range> range = c4gh::parse_range(o.range);
  if (!range) return report(range.error());
  core::Result<c4gh::SecretKey> key = c4gh::read_secret_key(o.sk, passphrase_for(o.sk));
  if (!key) return report(key.error());
  core::Result<std::unique_ptr<Io>> io = open_io(o, 0644);
  if (!io) return report(io.error());
  return finish(**io, c4gh::rearrange(*(*io)->source, *(*io)->sink, *key, *range));
}

void add_io(CLI::App* cmd, Options& o) {
  cmd->add_option("--in,-i", o.in, "Input file (default: stdin)");
  cmd->add_option("--out,-o", o.out, "Output file, written atomically, never over an input (default: stdout)");
}

}  // namespace

void register_crypt4gh(CLI::App& app, Action& action) {
  auto options = std::make_shared<Options>();
  Options& o = *options;
  auto* cmd = app.add_subcommand("crypt4gh", "GA4GH Crypt4GH keys and encrypted files (stdin -> stdout)");
  cmd->require_subcommand(1);
  cmd->footer("Passphrases come from C4GH_PASSPHRASE or a terminal prompt, never from the command line.");

  auto* keygen = cmd->add_subcommand("keygen", "Create an X25519 key pair in the Crypt4GH key format");
  keygen->add_option("--sk", o.sk, "Secret key file (written with mode 0400)")->required();
  keygen->add_option("--pk", o.pk, "Public key file")->required();
  keygen->add_option("--kdf", o.kdf, "Passphrase KDF: scrypt (default), bcrypt, pbkdf2_hmac_sha256, none");
  keygen->add_option("--comment,-C", o.comment, "Comment stored in the secret key");
  keygen->add_flag("--force", o.force, kForceHelp);
  keygen->callback([&action, options] { action = [options] { return run_keygen(*options); }; });

  auto* enc = cmd->add_subcommand("encrypt", "Encrypt for one or more recipients");
  enc->add_option("--recipient_pk", o.recipients, "Recipient public key (repeatable)")->required();
  enc->add_option("--sk", o.sk, "Writer secret key (default: a fresh ephemeral key)");
  enc->add_option("--range", o.range, "Encrypt only bytes START-END (END excluded) or from START");
  enc->add_option("--method", o.method,
                  "Data encryption method: chacha20 (default, method 0, readable by the EGA reference crypt4gh) or "
                  "aead (method 1, chacha20_ietf_poly1305_with_AEAD: also detects reordered segments and truncation "
                  "at a segment boundary; the EGA reference cannot read it)");
  add_io(enc, o);
  enc->callback([&action, options] { action = [options] { return run_encrypt(*options); }; });

  auto* dec = cmd->add_subcommand("decrypt", "Decrypt and authenticate every segment");
  dec->add_option("--sk", o.sk, "Reader secret key")->required();
  dec->add_option("--sender_pk", o.sender, "Accept only header packets written by this key");
  dec->add_option("--range", o.range, "Output only bytes START-END (END excluded) or from START");
  add_io(dec, o);
  dec->callback([&action, options] { action = [options] { return run_decrypt(*options); }; });

  auto* reenc = cmd->add_subcommand("reencrypt", "New header for other recipients; data segments copied as they are");
  reenc->add_option("--sk", o.sk, "Secret key that opens the current header")->required();
  reenc->add_option("--recipient_pk", o.recipients, "New recipient public key (repeatable)")->required();
  reenc->add_flag("--trim,-t", o.trim, "Drop header packets this key cannot open");
  add_io(reenc, o);
  reenc->callback([&action, options] { action = [options] { return run_reencrypt(*options); }; });

  auto* rearr = cmd->add_subcommand("rearrange", "Add an edit list selecting a byte range; drop unneeded segments");
  rearr->add_option("--sk", o.sk, "Secret key that opens the header (the new header is sealed for it)")->required();
  rearr->add_option("--range", o.range, "Bytes START-END (END excluded) or from START")->required();
  add_io(rearr, o);
  rearr->callback([&action, options] { action = [options] { return run_rearrange(*options); }; });
}

}  // namespace oncoshare::cli
