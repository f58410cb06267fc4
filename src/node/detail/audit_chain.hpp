// Internal: the line format shared by the audit log writer and its verifier.
#pragma once

#include <openssl/evp.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "core/result.hpp"
#include "node/audit_log.hpp"

namespace oncoshare::node::detail {

// Compact JSON with sorted keys; invalid UTF-8 becomes U+FFFD instead of throwing.
[[nodiscard]] std::string canonical_json(const nlohmann::json& value);
// Adds "hash" (SHA-256 of the compact JSON of `line` without "hash") and returns the text.
[[nodiscard]] std::string seal_line(nlohmann::json& line);
// What a checkpoint signs: domain tag, its sequence number and the chain head before it.
[[nodiscard]] std::string checkpoint_message(std::uint64_t seq, std::string_view head);

struct ChainState {
  AuditSummary summary;
  std::uint64_t next_seq = 0;
  std::uint64_t checkpoint_every = 0;
  std::uint64_t since_checkpoint = 0;
};

// Reads and checks the whole log at `path`; `key` verifies checkpoint signatures.
[[nodiscard]] core::Result<ChainState> scan_audit_log(const std::string& path, EVP_PKEY* key);

}  // namespace oncoshare::node::detail
