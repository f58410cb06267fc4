// Tamper-evident, complete audit log: an append-only file of JSON lines. Each line carries
// its sequence number, the hash of the previous line (the first chains to a genesis value of
// 64 zeros) and its own hash. The node signs (Ed25519 or ECDSA P-256) the header (naming its
// key and the checkpoint interval), a checkpoint every K entries and on demand, a closing
// seal at close, and a reopen line when it continues a log (noting an unclean end when the
// previous run left no seal). Editing, removing, reordering or inserting a line, forging a
// signed line, or cutting the log is detected by verify_audit_log() with the line number; a
// live log is only hash-chained after its last signed line, which a head recorded elsewhere
// (GET /audit/head) pins. See docs/federation-security.md.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace oncoshare::node {

inline constexpr std::string_view kAuditGenesis =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct AuditEntry {
  std::string time;               // UTC ISO 8601; empty = now
  std::string who;                // peer certificate subject
  std::string request_type;       // e.g. "count", "kaplan_meier", "beacon"
  std::string parameters_sha256;  // see parameters_digest()
  bool allowed = false;
  std::string reason;             // why refused (or a note when allowed)
  std::uint64_t result_size = 0;  // bytes or cells released
};

// SHA-256 (hex) of the canonical JSON of request parameters (sorted keys, no spaces), so
// the log records what was asked without storing it.
[[nodiscard]] std::string parameters_digest(const nlohmann::json& parameters);

// Upper bound of AuditOptions::checkpoint_every, checked by the verifier too: a header
// cannot widen the unsigned window to "never".
inline constexpr std::uint64_t kMaxCheckpointEvery = 1000;

// A signed line of the log as others record it: its sequence number, type, time, hash (the
// chain head it fixes, covering every line before it) and the node's signature (hex) over
// seq, time and hash.
struct SignedHead {
  std::uint64_t seq = 0;
  std::string type;
  std::string time;
  std::string head;
  std::string signature;
};
[[nodiscard]] nlohmann::json to_json(const SignedHead& head);

struct AuditOptions {
  std::uint64_t checkpoint_every = 100;  // entries between signed checkpoints, 1..kMaxCheckpointEvery
  bool fsync_each = true;                // fsync after every line (durable) or leave to the OS
};

class AuditLog {
 public:
  // Opens `path` for appending, creating it (mode 0600, its directory 0700 if missing) with a
  // signed header if missing or empty. An existing log is verified first with the public
  // half of `key_path` and continued with a signed reopen line; a damaged log is refused
  // (check_failed naming the line) rather than extended. The interval must be in
  // 1..kMaxCheckpointEvery; a continued log keeps its header's.
  [[nodiscard]] static core::Result<AuditLog> open(const std::string& path, const std::string& key_path,
                                                   AuditOptions options = {});
  AuditLog(AuditLog&&) noexcept;
  AuditLog& operator=(AuditLog&&) = delete;
  ~AuditLog();  // best effort close()

  // Appends one entry (and a checkpoint when K entries have passed). Thread-safe. After a
  // failed write every later call fails too (the file may end in a partial line): whatever
  // the entry recorded must then not be released.
  [[nodiscard]] core::Status append(const AuditEntry& entry);
  // Signs the current chain head now (no-op when the last line is signed). Thread-safe.
  [[nodiscard]] core::Status checkpoint();
  // Writes the signed closing seal; later appends fail. Idempotent. Thread-safe.
  [[nodiscard]] core::Status close();

  // The latest signed line (header, checkpoint, reopen or close): what a federation records.
  [[nodiscard]] SignedHead signed_head() const;

  // Sequence number the next line will get, and the current chain head.
  [[nodiscard]] std::uint64_t next_seq() const;
  [[nodiscard]] std::string head() const;

 private:
  struct State;
  explicit AuditLog(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

struct AuditSummary {
  std::uint64_t lines = 0;
  std::uint64_t entries = 0;        // request entries (not header or checkpoints)
  std::uint64_t checkpoints = 0;   // signed checkpoint lines (not header, seal or reopen)
  std::uint64_t unsigned_tail = 0;  // entries after the last signed line
  std::string head;
  bool closed = false;                       // ends with a signed closing seal
  std::uint64_t reopens = 0;
  std::vector<std::uint64_t> unclean_ends;   // last line of each run that ended unsealed
  std::uint64_t expected_head_line = 0;      // where AuditVerifyOptions::expect_head was found
};

struct AuditVerifyOptions {
  bool live = false;         // the node may still be writing: no closing seal required
  std::string expect_head;   // a head recorded elsewhere: must be a signed head of this log
};

// Verifies chain, sequence, hashes, the signed lines and the rules above against `cert_pem`
// (the node's certificate) or a PEM public key: the log must end with a closing seal unless
// `options.live`, and contain `options.expect_head` as the hash of a signed line. Tampering
// is a check_failed error with Location{path, line}; an unreadable file or certificate, or
// an expected head that is not 64 hex digits, is bad_input.
[[nodiscard]] core::Result<AuditSummary> verify_audit_log(const std::string& path, const std::string& cert_or_key_pem,
                                                          const AuditVerifyOptions& options = {});

// Checks a signed head (to_json form, e.g. from GET /audit/head) against the node's
// certificate or public key: check_failed when the signature does not hold.
[[nodiscard]] core::Status verify_signed_head(const nlohmann::json& head, const std::string& cert_or_key_pem);

}  // namespace oncoshare::node
