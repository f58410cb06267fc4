// Replay protection for signed requests. A request carries a nonce and a timestamp, both
// covered by its signature; the guard admits it only when the timestamp lies within
// ±window of node time and its sender has not used the nonce before. Nonces are kept per
// peer (the certificate's subject under its issuer) in a SQLite file, so a restart does not
// reopen the window for replays, and forgotten once their timestamp leaves the window (a
// replay would then be refused as expired). Each peer may hold at most max_nonces_per_peer
// of them: a peer sending faster is refused until its own nonces expire, and nobody else is.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "node/detail/sqlite.hpp"

namespace oncoshare::node {

struct RequestGuardOptions {
  std::chrono::seconds window{300};          // accepted clock difference either way
  std::size_t max_nonces_per_peer = 100'000;  // beyond this, the peer's new requests are refused until nonces expire
};

class RequestGuard {
 public:
  // Opens (creating it with mode 0600) the replay store at `path`; ":memory:" keeps nonces
  // only while the process runs. `node` names this node's rows, so nodes may share a file.
  // An unreadable file is an io error naming it.
  [[nodiscard]] static core::Result<RequestGuard> open(const std::string& path, const std::string& node,
                                                       RequestGuardOptions options = {});

  // Admits a request from `peer` with `nonce` (8-128 characters of [A-Za-z0-9_+/=-]) sent
  // at `timestamp` (Unix seconds), judged at `now` (Unix seconds). On refusal, a
  // check_failed error naming the reason: "request expired: ...", "request from the future:
  // ...", "request replayed: ...", "request refused: ... (max_nonces_per_peer) ...", or an
  // io error when the store cannot be written (the request is then refused too).
  // Thread-safe.
  [[nodiscard]] core::Status admit(std::string_view peer, std::string_view nonce, std::int64_t timestamp,
                                   std::int64_t now);
  // As above at the system clock's time.
  [[nodiscard]] core::Status admit(std::string_view peer, std::string_view nonce, std::int64_t timestamp);

  // Nonces currently remembered for `peer` (for monitoring and tests).
  [[nodiscard]] std::size_t remembered(std::string_view peer) const;

 private:
  RequestGuard(detail::Database db, std::string node, RequestGuardOptions options);
  [[nodiscard]] core::Status prune(std::int64_t now);

  detail::Database db_;
  std::string node_;
  RequestGuardOptions options_;
  std::unique_ptr<std::mutex> mutex_ = std::make_unique<std::mutex>();  // guards db_, counts_, pruned_
  std::map<std::string, std::size_t, std::less<>> counts_;  // nonces held per peer
  std::int64_t pruned_ = INT64_MIN;                         // node time of the last prune
};

}  // namespace oncoshare::node
