// The researcher side's check of a node's signed statement about its encrypted answer: the
// signature under the certificate the node published (checked against the federation CA
// when the session opened), and every claim against what was asked and received. Only
// answers that pass are summed; the statements travel to the decrypting nodes, which check
// them again, and into the study report.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "core/result.hpp"
#include "node/roster.hpp"
#include "secure/ciphertext.hpp"

namespace oncoshare::coordinator {

// What the answer must be about.
struct ExpectedContribution {
  std::string node;          // the name the study gives the node
  std::string certificate;   // its certificate (PEM)
  std::string researcher;    // this client's CN
  std::string query_id;
  std::string query_digest;  // node::query_digest of the query sent
  std::string key_digest;    // node::collective_key_digest of the session's key
};

// answer["contribution"] = {statement, signature}, checked against `expected` and the
// ciphertexts the node sent. The error says which claim does not hold.
[[nodiscard]] core::Result<node::SignedStatement> verify_contribution(const ExpectedContribution& expected,
                                                                      const nlohmann::json& answer,
                                                                      const secure::CiphertextVector& ciphertexts);

}  // namespace oncoshare::coordinator
