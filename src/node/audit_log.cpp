#include "node/audit_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include "node/detail/audit_chain.hpp"
#include "node/detail/openssl.hpp"
#include "node/detail/private_file.hpp"

namespace oncoshare::node {

namespace {

std::string now_utc() {
  auto now = std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", now);
}

// False when the file's last byte is not a newline: the node stopped during a write.
bool ends_with_newline(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in || in.tellg() <= 0) return false;
  in.seekg(-1, std::ios::end);
  return in.get() == '\n';
}

}  // namespace

std::string parameters_digest(const nlohmann::json& parameters) {
  return detail::sha256_hex(detail::canonical_json(parameters));
}

struct AuditLog::State {
  std::string path;
  int fd = -1;
  detail::PkeyPtr key;
  AuditOptions options;
  mutable std::mutex mutex;
  std::string head{kAuditGenesis};
  std::uint64_t next_seq = 0;
  std::uint64_t since_checkpoint = 0;
  bool last_signed = false;
  bool failed = false;  // a write failed: the file may end in a partial line
  bool closed = false;
  SignedHead signed_head;

  ~State() {
    if (fd >= 0) ::close(fd);
  }

  core::Status usable() const {
    if (failed) return core::io_error("audit log unusable after a failed write: restart the node", {path});
    if (closed) return core::io_error("audit log is closed", {path});
    return {};
  }

  // Writes one line (signed when `sign`) and advances the chain. Caller holds the mutex.
  core::Status write_line(nlohmann::json line, bool sign) {
    ONCOSHARE_TRY(usable());
    line["seq"] = next_seq;
    line["prev"] = head;
    std::string text = detail::seal_line(line);
    std::string hash = line["hash"].get<std::string>();
    if (sign) {
      std::string time = line["time"].get<std::string>();
      auto signature = detail::sign(key.get(), detail::signed_message(next_seq, time, hash));
      if (!signature) return signature.error();
      line["signature"] = detail::to_hex(*signature);
      text = detail::canonical_json(line);
      signed_head = SignedHead{next_seq, line["type"].get<std::string>(), time, hash, line["signature"]};
    }
    text.push_back('\n');
    std::size_t done = 0;
    while (done < text.size()) {
      ssize_t n = ::write(fd, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        failed = true;
        return core::io_error(fmt::format("cannot append to audit log: {}", std::strerror(errno)), {path});
      }
      done += static_cast<std::size_t>(n);
    }
    if (options.fsync_each && ::fsync(fd) != 0) {
      failed = true;
      return core::io_error(fmt::format("cannot fsync audit log: {}", std::strerror(errno)), {path});
    }
    head = std::move(hash);
    ++next_seq;
    last_signed = sign;
    if (sign) since_checkpoint = 0;
    return {};
  }

  core::Status write_signed(const char* type, nlohmann::json fields = nlohmann::json::object()) {
    fields["type"] = type;
    fields["time"] = now_utc();
    return write_line(std::move(fields), true);
  }
};

AuditLog::AuditLog(std::unique_ptr<State> state) : state_(std::move(state)) {}
AuditLog::AuditLog(AuditLog&&) noexcept = default;

AuditLog::~AuditLog() {
  if (state_) (void)close();
}

core::Result<AuditLog> AuditLog::open(const std::string& path, const std::string& key_path, AuditOptions options) {
  if (options.checkpoint_every == 0 || options.checkpoint_every > kMaxCheckpointEvery) {
    return core::bad_input(fmt::format("audit checkpoint interval must be in 1..{} (got {})", kMaxCheckpointEvery,
                                       options.checkpoint_every));
  }
  auto pem = detail::read_text_file(key_path);
  if (!pem) return pem.error();
  auto key = detail::parse_private_key(*pem, key_path);
  if (!key) return key.error();

  auto state = std::make_unique<State>();
  state->path = path;
  state->options = options;
  std::error_code ec;
  const bool exists = std::filesystem::file_size(path, ec) > 0 && !ec;
  detail::ChainState chain;
  if (exists) {
    // Restart: verify what is there (a killed node left no seal), refusing a damaged log,
    // and never appending to a partial line (the verifier names it).
    if (!ends_with_newline(path)) {
      auto strict = detail::scan_audit_log(path, key->get(), AuditVerifyOptions{});
      return strict ? core::Error{core::ErrorCode::check_failed, "audit log ends in a partial line", {path}}
                    : strict.error();
    }
    auto scanned = detail::scan_audit_log(path, key->get(), AuditVerifyOptions{.live = true});
    if (!scanned) return scanned.error();
    chain = std::move(*scanned);
    state->head = chain.summary.head;
    state->next_seq = chain.next_seq;
    state->options.checkpoint_every = chain.checkpoint_every;
    state->signed_head = chain.signed_head;
  }
  state->key = std::move(*key);
  ONCOSHARE_TRY(detail::make_private_file(path));
  state->fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (state->fd < 0) return core::io_error(fmt::format("cannot open audit log: {}", std::strerror(errno)), {path});
  if (exists) {
    ONCOSHARE_TRY(state->write_signed("reopen", {{"after", chain.summary.closed ? "close" : "unclean_end"}}));
  } else {
    ONCOSHARE_TRY(state->write_signed("open", {{"checkpoint_every", options.checkpoint_every},
                                               {"format", detail::kAuditFormat},
                                               {"key", detail::public_key_fingerprint(state->key.get())}}));
  }
  return AuditLog(std::move(state));
}

core::Status AuditLog::append(const AuditEntry& entry) {
  std::lock_guard lock(state_->mutex);
  nlohmann::json line{{"type", "entry"},
                      {"time", entry.time.empty() ? now_utc() : entry.time},
                      {"who", entry.who},
                      {"request", entry.request_type},
                      {"parameters_sha256", entry.parameters_sha256},
                      {"decision", entry.allowed ? "allowed" : "refused"},
                      {"reason", entry.reason},
                      {"result_size", entry.result_size}};
  ONCOSHARE_TRY(state_->write_line(std::move(line), false));
  ++state_->since_checkpoint;
  if (state_->since_checkpoint >= state_->options.checkpoint_every) return state_->write_signed("checkpoint");
  return {};
}

core::Status AuditLog::checkpoint() {
  std::lock_guard lock(state_->mutex);
  if (state_->last_signed) return state_->usable();
  return state_->write_signed("checkpoint");
}

core::Status AuditLog::close() {
  std::lock_guard lock(state_->mutex);
  if (state_->closed) return {};
  ONCOSHARE_TRY(state_->write_signed("close"));
  state_->closed = true;
  return {};
}

SignedHead AuditLog::signed_head() const {
  std::lock_guard lock(state_->mutex);
  return state_->signed_head;
}

std::uint64_t AuditLog::next_seq() const {
  std::lock_guard lock(state_->mutex);
  return state_->next_seq;
}

std::string AuditLog::head() const {
  std::lock_guard lock(state_->mutex);
  return state_->head;
}

}  // namespace oncoshare::node
