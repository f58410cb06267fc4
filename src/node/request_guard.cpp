#include "node/request_guard.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdint>

namespace oncoshare::node {

namespace {

constexpr std::string_view kSchema = R"(
CREATE TABLE IF NOT EXISTS nonce (
  node TEXT NOT NULL, peer TEXT NOT NULL, nonce TEXT NOT NULL, timestamp INTEGER NOT NULL,
  PRIMARY KEY (node, peer, nonce)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS nonce_age ON nonce (node, timestamp);
)";

core::Error refused(std::string message) { return core::Error{core::ErrorCode::check_failed, std::move(message)}; }

bool valid_nonce(std::string_view nonce) {
  if (nonce.size() < 8 || nonce.size() > 128) return false;
  for (char c : nonce) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '-' || c == '+' || c == '/' || c == '=';
    if (!ok) return false;
  }
  return true;
}

// Creates `path` readable by its owner only, unless it exists; SQLite gives its journal
// files the database file's mode.
core::Status create_private(const std::string& path) {
  if (path == ":memory:") return {};
  const int fd = ::open(path.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) return core::io_error("cannot create the replay store", {path});
  ::close(fd);
  return {};
}

}  // namespace

RequestGuard::RequestGuard(detail::Database db, std::string node, RequestGuardOptions options)
    : db_(std::move(db)), node_(std::move(node)), options_(options) {}

core::Result<RequestGuard> RequestGuard::open(const std::string& path, const std::string& node,
                                              RequestGuardOptions options) {
  ONCOSHARE_TRY(create_private(path));
  auto db = detail::Database::open(path);
  if (!db) return db.error();
  ONCOSHARE_TRY(db->exec(kSchema));
  RequestGuard guard(std::move(*db), node, options);
  auto counts = guard.db_.prepare("SELECT peer, COUNT(*) FROM nonce WHERE node = ?1 GROUP BY peer");
  if (!counts) return counts.error();
  counts->bind(1, node);
  for (;;) {
    auto row = counts->step();
    if (!row) return row.error();
    if (!*row) break;
    guard.counts_[counts->column_text(0)] = static_cast<std::size_t>(counts->column_int64(1));
  }
  return guard;
}

// Forgets nonces whose timestamp left the window, at most once per second of node time.
core::Status RequestGuard::prune(std::int64_t now) {
  if (now <= pruned_) return {};
  pruned_ = now;
  const std::int64_t oldest = now - options_.window.count();
  auto expired = db_.prepare("DELETE FROM nonce WHERE node = ?1 AND timestamp < ?2 RETURNING peer");
  if (!expired) return expired.error();
  expired->bind(1, node_).bind(2, oldest);
  for (;;) {
    auto row = expired->step();
    if (!row) return row.error();
    if (!*row) break;
    if (auto it = counts_.find(expired->column_text(0)); it != counts_.end() && --it->second == 0) counts_.erase(it);
  }
  return {};
}

core::Status RequestGuard::admit(std::string_view peer, std::string_view nonce, std::int64_t timestamp,
                                 std::int64_t now) {
  if (!valid_nonce(nonce)) {
    return core::bad_input(fmt::format("invalid request nonce '{}' (8-128 characters of A-Z a-z 0-9 _ - + / =)",
                                       nonce.substr(0, 140)));
  }
  const std::int64_t window = options_.window.count();
  // Unsigned differences: a hostile timestamp near INT64_MIN/MAX must not overflow.
  const auto gap = [](std::int64_t a, std::int64_t b) {
    return static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b);
  };
  if (timestamp < now && gap(now, timestamp) > static_cast<std::uint64_t>(window)) {
    return refused(fmt::format("request expired: timestamp {} is {} s before node time {} (window ±{} s)",
                               timestamp, gap(now, timestamp), now, window));
  }
  if (timestamp > now && gap(timestamp, now) > static_cast<std::uint64_t>(window)) {
    return refused(fmt::format("request from the future: timestamp {} is {} s after node time {} (window ±{} s)",
                               timestamp, gap(timestamp, now), now, window));
  }
  std::lock_guard lock(*mutex_);
  ONCOSHARE_TRY(prune(now));
  auto seen = db_.prepare("SELECT timestamp FROM nonce WHERE node = ?1 AND peer = ?2 AND nonce = ?3");
  if (!seen) return seen.error();
  auto row = seen->bind(1, node_).bind(2, peer).bind(3, nonce).step();
  if (!row) return row.error();
  if (*row) {
    return refused(fmt::format("request replayed: nonce '{}' was already used by a request with timestamp {}",
                               nonce, seen->column_int64(0)));
  }
  const auto count = counts_.find(peer);
  const std::size_t held = count == counts_.end() ? 0 : count->second;
  if (held >= options_.max_nonces_per_peer) {
    return refused(fmt::format("request refused: this certificate sent {} requests in the last {} s, as many as the "
                               "node remembers per certificate (max_nonces_per_peer); retry later",
                               held, window));
  }
  auto insert = db_.prepare("INSERT INTO nonce (node, peer, nonce, timestamp) VALUES (?1, ?2, ?3, ?4)");
  if (!insert) return insert.error();
  ONCOSHARE_TRY(insert->bind(1, node_).bind(2, peer).bind(3, nonce).bind(4, timestamp).run());
  if (count == counts_.end()) {
    counts_.emplace(std::string(peer), 1);
  } else {
    ++count->second;
  }
  return {};
}

core::Status RequestGuard::admit(std::string_view peer, std::string_view nonce, std::int64_t timestamp) {
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  return admit(peer, nonce, timestamp, now.count());
}

std::size_t RequestGuard::remembered(std::string_view peer) const {
  std::lock_guard lock(*mutex_);
  const auto count = counts_.find(peer);
  return count == counts_.end() ? 0 : count->second;
}

}  // namespace oncoshare::node
