// Asking every node at once: one thread per node, each with its own connection, so one
// slow or dead site costs its own timeout and not the sum of everyone's.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <span>
#include <vector>

#include "coordinator/node_client.hpp"

namespace oncoshare::coordinator {

using NodeCall = std::function<core::Result<nlohmann::json>(NodeClient&)>;

// Calls body(i) for i in [0, n), each on its own thread (parsing the nodes' long answers,
// for one: every point costs a square root). Returns when all are done.
void for_each_concurrently(std::size_t n, const std::function<void(std::size_t)>& body);

// Runs `call` on every client concurrently; answers[i] belongs to clients[i].
[[nodiscard]] std::vector<core::Result<nlohmann::json>> fan_out(std::span<NodeClient> clients, const NodeCall& call);

// The same, with a different call per client (calls.size() == clients.size()).
[[nodiscard]] std::vector<core::Result<nlohmann::json>> fan_out(std::span<NodeClient> clients,
                                                                std::span<const NodeCall> calls);

// The same over clients held elsewhere (a subset of a session's, for example).
[[nodiscard]] std::vector<core::Result<nlohmann::json>> fan_out(std::span<NodeClient* const> clients,
                                                                std::span<const NodeCall> calls);

}  // namespace oncoshare::coordinator
