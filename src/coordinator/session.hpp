// A study's connection to the federation: one client per node, the nodes that answered
// the catalog, the collective key they agree on, and the dataset's description.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "coordinator/node_client.hpp"
#include "coordinator/study_spec.hpp"
#include "secure/key_share.hpp"

namespace oncoshare::coordinator {

// A node left out of an answer, and why (unreachable, refused, bad proof, ...).
struct NodeFailure {
  std::string node;
  std::string reason;
};

// A check_failed error: the federation answered, but not in a way that gives a result.
[[nodiscard]] core::Error failed(std::string message);
// "\n  node: reason" for each failure, to append to such a message.
[[nodiscard]] std::string describe(const std::vector<NodeFailure>& failures);

struct FederationSession {
  std::vector<NodeClient> clients;        // the nodes whose catalog answered, in study order
  std::vector<std::string> certificates;  // each client's certificate (PEM, chained to the CA, CN = its name)
  std::string researcher;                 // this client's certificate CN
  std::vector<NodeFailure> unreachable;   // the others
  std::optional<secure::CollectiveKey> key;  // the key every answering node holds (encrypted mode)
  nlohmann::json dataset;                 // the dataset's catalog entry (first node's)
  std::int64_t min_cell_size = 0;         // largest any node asks for the dataset
  std::int64_t min_contributors = 2;      // largest any node asks: nodes a model round's sum must combine
  bool plaintext_allowed = true;          // every node allows answers in clear
};

// Ok when `certificate` (PEM) chains to `ca` (PEM) and is the node certificate of `name`;
// else a check_failed naming the node.
[[nodiscard]] core::Status check_node_certificate(const std::string& certificate, const std::string& ca,
                                                  const std::string& name);

// Reads every node's catalog. Fails when no node answers, when require_all_nodes is set and
// one does not, when the server at a node's address is not that node (its TLS certificate
// names another node or role; see NodeClient), when a node answers under another name than
// the study lists, when a node lacks the dataset, when the certificate a node publishes does
// not chain to the federation CA or is not the node certificate of that name, or (encrypted
// counts) when nodes hold different or no collective keys.
[[nodiscard]] core::Result<FederationSession> open_session(const StudySpec& study);

// The "label" of `code` for a categorical variable of the dataset, or the code itself.
[[nodiscard]] std::string choice_label(const nlohmann::json& dataset, const std::string& variable,
                                       const std::string& code);

}  // namespace oncoshare::coordinator
