#include "coordinator/fan_out.hpp"

#include <thread>

namespace oncoshare::coordinator {

void for_each_concurrently(std::size_t n, const std::function<void(std::size_t)>& body) {
  std::vector<std::thread> threads;
  threads.reserve(n);
  for (std::size_t i = 0; i < n; ++i) threads.emplace_back([&body, i] { body(i); });
  for (auto& thread : threads) thread.join();
}

std::vector<core::Result<nlohmann::json>> fan_out(std::span<NodeClient* const> clients,
                                                 std::span<const NodeCall> calls) {
  std::vector<core::Result<nlohmann::json>> answers(clients.size(), nlohmann::json());
  for_each_concurrently(clients.size(), [&](std::size_t i) { answers[i] = calls[i](*clients[i]); });
  return answers;
}

std::vector<core::Result<nlohmann::json>> fan_out(std::span<NodeClient> clients, std::span<const NodeCall> calls) {
  std::vector<NodeClient*> pointers;
  for (auto& client : clients) pointers.push_back(&client);
  return fan_out(std::span<NodeClient* const>(pointers), calls);
}

std::vector<core::Result<nlohmann::json>> fan_out(std::span<NodeClient> clients, const NodeCall& call) {
  std::vector<NodeCall> calls(clients.size(), call);
  return fan_out(clients, std::span<const NodeCall>(calls));
}

}  // namespace oncoshare::coordinator
