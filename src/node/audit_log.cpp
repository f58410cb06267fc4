#include "node/audit_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include "node/detail/audit_chain.hpp"
#include "node/detail/openssl.hpp"

namespace oncoshare::node {

namespace {

std::string now_utc() {
  auto now = std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", now);
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
  std::mutex mutex;
  std::string head{kAuditGenesis};
  std::uint64_t next_seq = 0;
  std::uint64_t since_checkpoint = 0;

  ~State() {
    if (fd >= 0) ::close(fd);
  }

  // Writes one sealed line and advances the chain. Caller holds the mutex.
  core::Status write_line(nlohmann::json line) {
    line["seq"] = next_seq;
    line["prev"] = head;
    std::string text = detail::seal_line(line);
    std::string hash = line["hash"].get<std::string>();
    text.push_back('\n');
    std::size_t done = 0;
    while (done < text.size()) {
      ssize_t n = ::write(fd, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return core::io_error(fmt::format("cannot append to audit log: {}", std::strerror(errno)), {path});
      done += static_cast<std::size_t>(n);
    }
    if (options.fsync_each && ::fsync(fd) != 0) {
      return core::io_error(fmt::format("cannot fsync audit log: {}", std::strerror(errno)), {path});
    }
    head = std::move(hash);
    ++next_seq;
    return {};
  }

  core::Status write_checkpoint() {
    auto signature = detail::sign(key.get(), detail::checkpoint_message(next_seq, head));
    if (!signature) return signature.error();
    nlohmann::json line{{"type", "checkpoint"}, {"time", now_utc()}, {"head", head},
                        {"signature", detail::to_hex(*signature)}};
    ONCOSHARE_TRY(write_line(std::move(line)));
    since_checkpoint = 0;
    return {};
  }
};

AuditLog::AuditLog(std::unique_ptr<State> state) : state_(std::move(state)) {}
AuditLog::AuditLog(AuditLog&&) noexcept = default;

AuditLog::~AuditLog() {
  if (!state_) return;
  std::lock_guard lock(state_->mutex);
  if (state_->since_checkpoint > 0) (void)state_->write_checkpoint();
}

core::Result<AuditLog> AuditLog::open(const std::string& path, const std::string& key_path, AuditOptions options) {
  if (options.checkpoint_every == 0) return core::bad_input("audit checkpoint interval must be at least 1");
  auto pem = detail::read_text_file(key_path);
  if (!pem) return pem.error();
  auto key = detail::parse_private_key(*pem, key_path);
  if (!key) return key.error();

  auto state = std::make_unique<State>();
  state->path = path;
  state->options = options;
  bool exists = std::filesystem::exists(path);
  if (exists) {
    // Restart: pick up the chain where it ended, refusing to extend a damaged log.
    auto chain = detail::scan_audit_log(path, key->get());
    if (!chain) return chain.error();
    state->head = chain->summary.head;
    state->next_seq = chain->next_seq;
    state->since_checkpoint = chain->since_checkpoint;
    state->options.checkpoint_every = chain->checkpoint_every;
  }
  state->key = std::move(*key);
  state->fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (state->fd < 0) return core::io_error(fmt::format("cannot open audit log: {}", std::strerror(errno)), {path});
  if (!exists) {
    nlohmann::json header{{"type", "open"}, {"time", now_utc()}, {"checkpoint_every", options.checkpoint_every},
                          {"format", "oncoshare-audit-v1"}};
    ONCOSHARE_TRY(state->write_line(std::move(header)));
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
  ONCOSHARE_TRY(state_->write_line(std::move(line)));
  ++state_->since_checkpoint;
  if (state_->since_checkpoint >= state_->options.checkpoint_every) return state_->write_checkpoint();
  return {};
}

core::Status AuditLog::checkpoint() {
  std::lock_guard lock(state_->mutex);
  if (state_->since_checkpoint == 0) return {};
  return state_->write_checkpoint();
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
