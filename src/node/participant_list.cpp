#include "node/participant_list.hpp"

#include <fmt/format.h>

#include <set>

namespace oncoshare::node {

namespace {

constexpr std::uint64_t kMaxParticipants = 1024;

core::Result<std::uint32_t> count_field(const nlohmann::json& body, const char* key) {
  if (!body.contains(key) || !body[key].is_number_unsigned() || body[key].get<std::uint64_t>() == 0 ||
      body[key].get<std::uint64_t>() > kMaxParticipants) {
    return core::fail(core::bad_input(fmt::format("field '{}': expected an integer 1..{}", key, kMaxParticipants)));
  }
  return static_cast<std::uint32_t>(body[key].get<std::uint64_t>());
}

}  // namespace

core::Result<ParticipantList> parse_participant_list(const nlohmann::json& body) {
  const char* expected = "field 'participants': expected an array of 1..1024 node names";
  if (!body.contains("participants") || !body["participants"].is_array() || body["participants"].empty() ||
      body["participants"].size() > kMaxParticipants) {
    return core::fail(core::bad_input(expected));
  }
  ParticipantList list;
  for (const auto& name : body["participants"]) {
    if (!name.is_string()) return core::fail(core::bad_input(expected));
    list.names.push_back(name.get<std::string>());
  }
  auto index = count_field(body, "index");
  if (!index) return core::fail(index.error());
  auto threshold = count_field(body, "threshold");
  if (!threshold) return core::fail(threshold.error());
  list.index = *index;
  list.threshold = *threshold;
  return list;
}

std::optional<Refusal> check_participant_list(const Roster& roster, std::string_view self, const ParticipantList& list,
                                              std::int64_t min_contributors) {
  if (roster.empty()) {
    return Refusal{409, "no_roster", "this node has no federation roster ([[roster]] in node.toml)"};
  }
  std::set<std::string_view> seen;
  for (const auto& name : list.names) {
    if (!roster.contains(name)) {
      return Refusal{403, "not_on_roster", fmt::format("participant '{}' is not on this node's roster", name)};
    }
    if (!seen.insert(name).second) {
      return Refusal{403, "duplicate_participant", fmt::format("participant '{}' is listed twice", name)};
    }
  }
  if (list.index > list.names.size()) {
    return Refusal{403, "wrong_index",
                   fmt::format("index {} is outside the list of {} participants", list.index, list.names.size())};
  }
  if (list.names[list.index - 1] != self) {
    return Refusal{403, "wrong_index", fmt::format("participant {} is '{}', not this node ('{}')", list.index,
                                                   list.names[list.index - 1], self)};
  }
  if (static_cast<std::int64_t>(list.names.size()) < min_contributors) {
    return Refusal{403, "too_few_contributors",
                   fmt::format("this node takes part only in sums over at least {} nodes; got {}", min_contributors,
                               list.names.size())};
  }
  // Unmasking a sum needs only t survivors: below min_contributors, fewer sites could be opened.
  if (static_cast<std::int64_t>(list.threshold) < min_contributors) {
    return Refusal{403, "threshold_too_low",
                   fmt::format("threshold {} is below the {} nodes a sum must combine here", list.threshold,
                               min_contributors)};
  }
  return std::nullopt;
}

}  // namespace oncoshare::node
