// The rules that make the audit log complete and tamper-evident, applied line by line:
// sequence and hash chain, a signed header naming the signing key and a bounded checkpoint
// interval, signed checkpoints, a signed closing seal after which only a signed reopen line
// may follow, and at the end a seal (unless the log is live) and the recorded head.
#include <fmt/format.h>

#include "node/detail/audit_chain.hpp"
#include "node/detail/openssl.hpp"

namespace oncoshare::node::detail {

ChainChecker::ChainChecker(EVP_PKEY* key, std::string path, std::string expect_head)
    : key_(key), path_(std::move(path)), expect_head_(std::move(expect_head)), head_(kAuditGenesis) {}

core::Error ChainChecker::tampered(std::uint64_t line_no, std::string message) const {
  return core::Error{core::ErrorCode::check_failed, std::move(message), {path_, line_no}};
}

core::Status ChainChecker::add(const AuditLine& line, std::uint64_t line_no) {
  if (!line.has_seq || line.seq != state_.next_seq) {
    return tampered(line_no, fmt::format("sequence number {} where {} was expected (entry removed, reordered or inserted)",
                                         line.has_seq ? std::to_string(line.seq) : "missing", state_.next_seq));
  }
  if (line.prev != head_) {
    return tampered(line_no, fmt::format("chain broken: prev does not match the hash of {} "
                                         "(entry removed, reordered or inserted)",
                                         line_no == 1 ? "the genesis value" : fmt::format("line {}", line_no - 1)));
  }
  if (line_no == 1) {
    ONCOSHARE_TRY(check_header(line, line_no));
  } else if (line.type == "open") {
    return tampered(line_no, "a second header inside the log");
  } else if (closed_at_ != 0 && line.type != "reopen") {
    return tampered(line_no, fmt::format("{} after the closing seal at line {} (a closed log continues only with a "
                                         "signed reopen line)", line.type == "entry" ? "entry" : "line", closed_at_));
  } else if (line.type == "entry") {
    if (state_.since_checkpoint == state_.checkpoint_every) {
      return tampered(line_no, fmt::format("missing checkpoint: {} entries since the last signed one",
                                           state_.checkpoint_every));
    }
    ++state_.summary.entries;
    ++state_.since_checkpoint;
  } else if (line.type == "reopen") {
    ONCOSHARE_TRY(check_reopen(line, line_no));
  } else if (line.type != "checkpoint" && line.type != "close") {
    return tampered(line_no, "unknown line type");
  }
  if (is_signed_type(line.type)) {
    auto signature = from_hex(line.signature);
    if (!signature || !verify_signature(key_, signed_message(line.seq, line.time, line.hash), *signature)) {
      return tampered(line_no, fmt::format("{0} signature is invalid (forged {0} or wrong certificate)", line.type));
    }
    state_.since_checkpoint = 0;
    state_.signed_head = SignedHead{line.seq, line.type, line.time, line.hash, line.signature};
    if (line.type == "checkpoint") ++state_.summary.checkpoints;
    if (!expect_head_.empty() && line.hash == expect_head_) state_.summary.expected_head_line = line_no;
  }
  closed_at_ = line.type == "close" ? line_no : 0;
  state_.last_type = line.type;
  head_ = line.hash;
  ++state_.next_seq;
  state_.summary.lines = line_no;
  return {};
}

core::Status ChainChecker::check_header(const AuditLine& line, std::uint64_t line_no) {
  if (line.type != "open") return tampered(line_no, "first line is not the log header");
  const auto& json = line.json;
  if (json.value("format", nlohmann::json()) != std::string(kAuditFormat)) {
    return tampered(line_no, fmt::format("unsupported log format (this verifier reads {})", kAuditFormat));
  }
  auto every = json.find("checkpoint_every");
  if (every == json.end() || !every->is_number_unsigned()) return tampered(line_no, "header without checkpoint_every");
  state_.checkpoint_every = every->get<std::uint64_t>();
  if (state_.checkpoint_every == 0 || state_.checkpoint_every > kMaxCheckpointEvery) {
    return tampered(line_no, fmt::format("checkpoint_every {} is outside 1..{}", state_.checkpoint_every,
                                         kMaxCheckpointEvery));
  }
  if (json.value("key", nlohmann::json()) != public_key_fingerprint(key_)) {
    return tampered(line_no, "the header names another signing key than the given certificate's");
  }
  return {};
}

core::Status ChainChecker::check_reopen(const AuditLine& line, std::uint64_t line_no) {
  // The node states how its previous run ended; a signed false statement is a forgery.
  const std::string expected = closed_at_ != 0 ? "close" : "unclean_end";
  if (line.json.value("after", nlohmann::json()) != expected) {
    return tampered(line_no, fmt::format("reopen line does not state how the previous run ended ({})", expected));
  }
  if (expected == "unclean_end") state_.summary.unclean_ends.push_back(line_no - 1);
  ++state_.summary.reopens;
  return {};
}

core::Status ChainChecker::finish(bool live) {
  if (state_.summary.lines == 0) return tampered(1, "empty audit log (header missing)");
  const std::uint64_t last = state_.summary.lines;
  state_.summary.head = head_;
  state_.summary.closed = closed_at_ != 0;
  state_.summary.unsigned_tail = state_.since_checkpoint;
  // Live, the spacing rule already bounds the unsigned tail by one interval.
  if (!live && !state_.summary.closed) {
    return tampered(last, "the log ends without a closing seal (cut, or the node is still running: see --live)");
  }
  if (!expect_head_.empty() && state_.summary.expected_head_line == 0) {
    return tampered(last, fmt::format("the recorded head {} is not a signed head of this log (the log was cut before "
                                      "it, or rewritten)", expect_head_));
  }
  return {};
}

}  // namespace oncoshare::node::detail
