// What a node signs about each encrypted answer it releases (its "contribution"): who asked,
// which query, on which data under which policy, and digests of the ciphertexts. Decrypting
// nodes rebuild an aggregate only from such statements of roster nodes that all answer the
// same query; a study report carries them so anyone can check where its numbers come from.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "secure/key_share.hpp"

namespace oncoshare::node {

struct ContributionClaim {
  std::string node;            // the signer's certificate CN
  std::string researcher;      // the CN of the researcher the answer was released to
  std::string query_id;
  std::string dataset;
  nlohmann::json query;        // the query as answered: {"type": ..., every request field but nonce/timestamp/query_id}
  std::string query_digest;    // query_digest() of `query`
  std::uint32_t key_index = 0; // the node's index in the collective key
  std::uint64_t cells = 0;
  std::uint32_t noise_shares = 0;  // the aggregate needs this many contributions for the configured noise (0 = exact)
  std::string c1_digest;       // secure::first_components_digest of the ciphertexts
  std::string ciphertexts_digest;  // secure::ciphertexts_digest
  std::string collective_key_sha256;  // collective_key_digest() of the key they are encrypted under
  std::string software;        // oncoshare version of the node
  std::string dataset_sha256;  // the dataset's input files
  std::string policy_sha256;   // the dataset's policy as configured
  std::int64_t time = 0;       // Unix seconds
};

// The query a request asks: `type` plus the body without the fields that differ per node
// or per attempt (nonce, timestamp, query_id).
[[nodiscard]] nlohmann::json answered_query(std::string_view type, const nlohmann::json& body);
// SHA-256 (hex) of answered_query's compact JSON: equal for every node asked the same query.
[[nodiscard]] std::string query_digest(const nlohmann::json& query);

// SHA-256 (hex) of a collective key's wire form: binds the key into every statement.
[[nodiscard]] std::string collective_key_digest(const secure::CollectiveKey& key);

// The statement text a node signs (compact JSON, "type": "oncoshare.contribution.v1").
[[nodiscard]] std::string statement_text(const ContributionClaim& claim);
// Parses a statement; errors (bad_input) name the missing or mistyped field.
[[nodiscard]] core::Result<ContributionClaim> parse_contribution(std::string_view text);

}  // namespace oncoshare::node
