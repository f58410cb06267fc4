// Internal: the audit log line format, shared by its writer, its verifier and the fuzzer.
#pragma once

#include <openssl/evp.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "node/audit_log.hpp"

namespace oncoshare::node::detail {

inline constexpr std::string_view kAuditFormat = "oncoshare-audit-v2";

// Compact JSON with sorted keys; invalid UTF-8 becomes U+FFFD instead of throwing.
[[nodiscard]] std::string canonical_json(const nlohmann::json& value);
// Sets "hash" (SHA-256 of the compact JSON of `line` without "hash" and "signature") and
// returns the line's text.
[[nodiscard]] std::string seal_line(nlohmann::json& line);
// What a signed line's signature covers: domain tag, its sequence number, time and hash.
[[nodiscard]] std::string signed_message(std::uint64_t seq, std::string_view time, std::string_view hash);
// True for the line types the node signs (open, checkpoint, reopen, close).
[[nodiscard]] bool is_signed_type(std::string_view type);

// One line after the checks it allows on its own: a flat JSON object in canonical form
// whose hash matches. Its place in the chain is ChainChecker's to judge.
struct AuditLine {
  nlohmann::json json;
  std::string type, hash, prev, time, signature;
  bool has_seq = false;
  std::uint64_t seq = 0;
};

// Parses one line (without its newline). Errors are check_failed at `where` (the line;
// a column for JSON nested too deeply or malformed), never quoting the text.
[[nodiscard]] core::Result<AuditLine> parse_audit_line(std::string_view text, const core::Location& where);

struct ChainState {
  AuditSummary summary;
  std::uint64_t next_seq = 0;
  std::uint64_t checkpoint_every = 0;
  std::uint64_t since_checkpoint = 0;  // entries since the last signed line
  std::string last_type;               // of the last line read
  SignedHead signed_head;              // the last signed line
};

// Follows the lines of one log in order: sequence, chain, signatures, checkpoint spacing,
// and the header, seal and reopen rules. Errors are check_failed naming the line.
class ChainChecker {
 public:
  // `key` verifies the signatures; `expect_head` (may be empty) is looked for among the
  // hashes of signed lines.
  ChainChecker(EVP_PKEY* key, std::string path, std::string expect_head = {});
  [[nodiscard]] core::Status add(const AuditLine& line, std::uint64_t line_no);
  // At the end of the log: a closing seal unless `live`, and the expected head found.
  [[nodiscard]] core::Status finish(bool live);
  [[nodiscard]] const ChainState& state() const { return state_; }

 private:
  [[nodiscard]] core::Status check_header(const AuditLine& line, std::uint64_t line_no);
  [[nodiscard]] core::Status check_reopen(const AuditLine& line, std::uint64_t line_no);
  [[nodiscard]] core::Error tampered(std::uint64_t line_no, std::string message) const;

  EVP_PKEY* key_;
  std::string path_;
  std::string expect_head_;
  ChainState state_;
  std::string head_;
  std::uint64_t closed_at_ = 0;  // line of the closing seal while the log is closed
};

// Reads and checks the whole log at `path` (see verify_audit_log).
[[nodiscard]] core::Result<ChainState> scan_audit_log(const std::string& path, EVP_PKEY* key,
                                                      const AuditVerifyOptions& options);

}  // namespace oncoshare::node::detail
