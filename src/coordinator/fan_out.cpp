#include "coordinator/fan_out.hpp"

#include <thread>

namespace oncoshare::coordinator {

std::vector<core::Result<nlohmann::json>> fan_out(std::span<NodeClient* const> clients,
                                                 std::span<const NodeCall> calls) {
  std::vector<core::Result<nlohmann::json>> answers(clients.size(), nlohmann::json());
  std::vector<std::thread> threads;
  threads.reserve(clients.size());
  for (std::size_t i = 0; i < clients.size(); ++i) {
    threads.emplace_back([&, i] { answers[i] = calls[i](*clients[i]); });
  }
  for (auto& thread : threads) thread.join();
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
