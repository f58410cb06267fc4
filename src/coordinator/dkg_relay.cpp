#include "coordinator/dkg_relay.hpp"

#include <fmt/format.h>

#include <mutex>

#include "coordinator/fan_out.hpp"
#include "secure/codec.hpp"
#include "secure/dkg.hpp"

namespace oncoshare::coordinator {

namespace {

using nlohmann::json;

// The first failed answer, prefixed with the step.
core::Status first_failure(std::span<core::Result<json>> answers, std::string_view step) {
  for (auto& answer : answers) {
    if (!answer) {
      core::Error error = answer.error();
      error.message = fmt::format("key generation, step '{}': {}", step, error.message);
      return core::fail(error);
    }
  }
  return {};
}

}  // namespace

core::Result<secure::CollectiveKey> run_dkg(std::span<NodeClient> nodes, std::uint32_t threshold) {
  const auto n = static_cast<std::uint32_t>(nodes.size());
  ONCOSHARE_TRY(secure::validate(secure::DkgParams{n, threshold}));
  const std::string session = random_id();

  std::vector<NodeCall> starts;
  for (std::uint32_t i = 0; i < n; ++i) {
    starts.push_back([&, i](NodeClient& c) {
      return c.post("/secure/dkg/start", {{"session", session}, {"participants", n}, {"threshold", threshold}, {"index", i + 1}});
    });
  }
  auto started = fan_out(nodes, starts);
  ONCOSHARE_TRY(first_failure(started, "start"));
  std::vector<json> commitments, box_keys;
  for (auto& answer : started) {
    commitments.push_back((*answer)["commitments"]);
    box_keys.push_back((*answer)["box_key"]);
  }

  // sealed[dealer][recipient]
  std::vector<std::vector<json>> sealed(n, std::vector<json>(n));
  auto dealt = fan_out(nodes, [&](NodeClient& dealer) -> core::Result<json> {
    std::size_t d = static_cast<std::size_t>(&dealer - nodes.data());
    for (std::uint32_t r = 0; r < n; ++r) {
      auto answer = dealer.post("/secure/dkg/deal", {{"session", session}, {"recipient", r + 1}, {"box_key", box_keys[r]}});
      if (!answer) return answer;
      sealed[d][r] = (*answer)["sealed"];
    }
    return json::object();
  });
  ONCOSHARE_TRY(first_failure(dealt, "deal"));

  json complaints = json::array();
  std::mutex complaints_mutex;
  auto received = fan_out(nodes, [&](NodeClient& recipient) -> core::Result<json> {
    std::size_t r = static_cast<std::size_t>(&recipient - nodes.data());
    for (std::uint32_t d = 0; d < n; ++d) {
      auto answer = recipient.post("/secure/dkg/receive", {{"session", session}, {"commitments", commitments[d]},
                                                            {"sealed", sealed[d][r]}});
      if (!answer) return answer;
      if (!(*answer)["complaint"].is_null()) {
        std::lock_guard lock(complaints_mutex);
        complaints.push_back((*answer)["complaint"]);
      }
    }
    return json::object();
  });
  ONCOSHARE_TRY(first_failure(received, "receive"));

  // What every node must end up with: derived here from the broadcast messages alone.
  std::vector<secure::DkgCommitments> parsed;
  std::vector<secure::DkgComplaint> parsed_complaints;
  for (const auto& c : commitments) {
    auto one = secure::parse_dkg_commitments(c.dump());
    if (!one) return core::fail(one.error());
    parsed.push_back(std::move(*one));
  }
  for (const auto& c : complaints) {
    auto one = secure::parse_dkg_complaint(c.dump());
    if (!one) return core::fail(one.error());
    parsed_complaints.push_back(*one);
  }
  auto expected = secure::derive_collective_key(secure::DkgParams{n, threshold}, parsed, parsed_complaints);
  if (!expected) return core::fail(expected.error());

  auto finished = fan_out(nodes, [&](NodeClient& c) {
    return c.post("/secure/dkg/finish", {{"session", session}, {"commitments", commitments}, {"complaints", complaints}});
  });
  ONCOSHARE_TRY(first_failure(finished, "finish"));
  for (std::size_t i = 0; i < n; ++i) {
    auto key = secure::parse_collective_key((*finished[i])["collective_key"].dump());
    if (!key || !(*key == *expected)) {
      return core::fail(core::Error{core::ErrorCode::check_failed,
                                    fmt::format("key generation: node '{}' reports a different collective key",
                                                nodes[i].node().name), {}});
    }
  }
  return *expected;
}

}  // namespace oncoshare::coordinator
