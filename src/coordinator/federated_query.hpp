// One federated query end to end. Encrypted mode: every node encrypts its statistic under
// the collective key; the sum of the ciphertexts is decrypted by t of the contributing
// nodes (partial decryptions with Chaum-Pedersen proofs, or key switching to a fresh key
// of this researcher when a dataset forbids decryption in clear). t nodes are asked first,
// and one more for each that fails, is too slow or sends a share whose proof does not
// verify; every such node is named (the discrete-log `table` solves the opened sums; only
// encrypted mode needs it, so a plaintext study never pays for building it). Plaintext mode:
// the nodes' suppressed answers are added; a cell any node withheld stays withheld.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "coordinator/session.hpp"
#include "secure/dlog_table.hpp"

namespace oncoshare::coordinator {

struct PooledAnswer {
  QuerySpec query;
  nlohmann::json shape;                 // as the nodes described the cells
  std::vector<std::int64_t> cells;      // pooled; meaningful where !withheld
  std::vector<bool> withheld;           // pooled small cells (0 < n < k), or withheld by a node
  std::int64_t min_cell_size = 0;
  std::vector<std::string> contributors;  // nodes whose data are in the cells
  std::vector<std::string> decryptors;    // nodes whose partial decryptions were used
  std::vector<NodeFailure> failures;      // nodes left out of the cells or of the decryption
  // Encrypted mode: what a third party needs to check the cells (report_verify.hpp): the
  // collective key, each contribution (certificate, signed statement, ciphertexts) and the
  // opening (decryption shares with proofs, or key-switch shares and the one-off key).
  nlohmann::json evidence;
  std::string method;                     // how the cells were opened, one line
  nlohmann::json noise;                   // the nodes' noise description, or null
};

// The standard deviation of the noise in each pooled cell: every contributor adds a Skellam
// share of variance mu / shares (0 for exact answers).
[[nodiscard]] double noise_sd(const PooledAnswer& answer);

// The small-cell rule on the pooled cells, for display: cells 0 < n < min_cell_size are
// marked withheld (the nodes enforce their policy themselves; a noisy pooled cell below k
// is not shown either).
void withhold_small_pooled_cells(PooledAnswer& answer);

// Runs `query` against the session's nodes. Fails (naming nodes) when fewer nodes answer
// than the collective key's threshold, when nodes disagree on the shape of the answer,
// or when fewer than t valid decryption shares come back: never a wrong number.
[[nodiscard]] core::Result<PooledAnswer> run_query(FederationSession& session, const StudySpec& study,
                                                   const QuerySpec& query, const secure::DlogTable* table);

}  // namespace oncoshare::coordinator
