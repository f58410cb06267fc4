// POST /model/round/{advertise,share,mask,unmask}: this node's side of one secure
// aggregation of a model round (secure/secagg.hpp). At "advertise" the node checks the
// policy before any statistic (model_policy.hpp: grid, types, rows and categories, rounds
// per fit, the fit's budget), builds the model's design on the filtered dataset, computes
// its local answer for the round (GLM statistics at the broadcast coefficients, or the
// Cox answer) and keeps it;
// the answer only ever leaves masked, so the coordinator learns the sum over the sites and
// nothing about one site. The researcher names the participants; the node joins only a
// list of roster nodes (participant_list.hpp), signs its advertisement for exactly this round,
// and shares its keys only with participants whose advertisements their own nodes signed
// (advertisement.hpp): a researcher cannot play a participant itself. A session belongs to
// the researcher who opened it; its aggregation id is refused to anyone else while it lasts.
#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <set>
#include <variant>

#include "models/model_request.hpp"
#include "node/advertisement.hpp"
#include "node/detail/model_policy.hpp"
#include "node/detail/node_state.hpp"
#include "node/participant_list.hpp"
#include "secure/secagg_codec.hpp"

namespace oncoshare::node::detail {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxModelSessions = 64;

// Held by any researcher: reusing it would replace or shadow the owner's round.
bool id_in_use(const NodeState& state, const std::string& aggregation) {
  return std::any_of(state.model_sessions.begin(), state.model_sessions.end(),
                     [&](const auto& entry) { return entry.first.second == aggregation; });
}

Refusal id_in_use_refusal(const std::string& aggregation) {
  return {409, "aggregation_id_in_use", fmt::format("aggregation id '{}' is in use: take a fresh one", aggregation)};
}

// Verified participants, or survivors, a round needs: t to unmask at all, and never fewer
// than the dataset's min_contributors.
std::size_t required_parties(const ModelSession& session) {
  return std::max<std::size_t>(session.round.threshold, static_cast<std::size_t>(session.min_contributors));
}

Reply advertise(NodeState& state, const Call& call, const std::string& aggregation) {
  const json& body = call.body;
  std::string dataset_id;
  if (auto bad = require_string(body, "dataset", dataset_id)) return *bad;
  const Dataset* dataset = state.dataset(dataset_id);
  if (dataset == nullptr) return Reply::refuse({404, "unknown_dataset", fmt::format("no dataset '{}' on this node", dataset_id)});
  const DatasetConfig& config = *dataset->config;
  auto spec = models::parse_model_spec(body.contains("model") ? body["model"] : json());
  if (!spec) return Reply::bad_request(spec.error().message, "bad_model");
  const char* type = spec->type == models::ModelType::glm ? "glm" : "cox";
  if (auto refusal = check_access(config, call.peer, type)) return Reply::refuse(*refusal);
  const json* purpose = body.contains("purpose") ? &body["purpose"] : nullptr;
  if (auto refusal = check_purpose(config, state.consents.at(config.id), purpose, state.diseases)) return Reply::refuse(*refusal);
  auto list = parse_participant_list(body);
  if (!list) return Reply::bad_request(list.error().message);
  if (auto refusal = check_participant_list(state.roster, state.config.name, *list, config.policy.min_contributors)) {
    return Reply::refuse(*refusal);
  }
  auto fit = fit_id(body);
  if (auto* bad = std::get_if<Reply>(&fit)) return *bad;
  {
    std::lock_guard lock(state.secure_mutex);
    if (id_in_use(state, aggregation)) return Reply::refuse(id_in_use_refusal(aggregation));
  }
  // The policy before any statistic: the grid, the types, the rows kept; then the round
  // counts against the fit and the fit against the budget.
  const json round = body.contains("round") ? body["round"] : json::object();
  if (spec->type == models::ModelType::cox) {
    if (auto refusal = check_cox_grid(config, round)) return *refusal;
  }
  auto design = checked_design(*dataset, *spec, body);
  if (auto* refusal = std::get_if<Reply>(&design)) return *refusal;
  auto admitted = admit_model_round(state, call, *dataset, std::get<std::string>(fit));
  if (auto* refusal = std::get_if<Reply>(&admitted)) return *refusal;
  const std::optional<MicroEpsilon> budget_left = std::get<std::optional<MicroEpsilon>>(admitted);
  const models::Design& site = std::get<models::Design>(design);
  auto answer = models::site_model_answer(site, *spec, round);
  if (!answer) return Reply::bad_request(answer.error().to_string(), "bad_model");
  const std::vector<std::string>& names = site.names;
  const auto n = static_cast<std::uint32_t>(list->names.size());
  secure::SecAggParams params{aggregation, n, list->threshold, 0, static_cast<std::uint32_t>(answer->size()), 64};
  auto participant = secure::SecAggParticipant::create(params, list->index);
  if (!participant) return failure(participant.error());
  AdvertisementClaim claim{{aggregation, call.peer.name, list->names, list->threshold, round_digest(body)},
                           state.config.name, list->index, keys_digest(participant->advertise()),
                           static_cast<std::int64_t>(std::time(nullptr))};
  auto statement = state.signer->sign(statement_text(claim));
  if (!statement) return Reply::refuse({500, "signing_failed", statement.error().message});
  Reply reply;
  reply.body = to_json(SignedAdvertisement{participant->advertise(), *statement});
  reply.body.update({{"node", state.config.name}, {"aggregation", aggregation}, {"names", names}, {"length", answer->size()}});
  if (budget_left) reply.body["budget_remaining"] = format_epsilon(*budget_left);
  reply.note = fmt::format("{} round computed ({} values, kept until masked), aggregation {}", type, answer->size(), aggregation);
  std::lock_guard lock(state.secure_mutex);
  if (id_in_use(state, aggregation)) return Reply::refuse(id_in_use_refusal(aggregation));
  if (state.model_order.size() >= kMaxModelSessions) {
    state.model_sessions.erase(state.model_order.front());
    state.model_order.erase(state.model_order.begin());
  }
  ModelKey key{call.peer.name, aggregation};
  state.model_sessions.emplace(key, ModelSession{std::move(claim.round), config.policy.min_contributors,
                                                 std::move(*participant), std::move(*answer)});
  state.model_order.push_back(std::move(key));
  return reply;
}

template <class T, class Parse>
core::Result<std::vector<T>> parse_list(const json& body, const char* key, Parse parse) {
  if (!body.contains(key) || !body[key].is_array()) return core::fail(core::bad_input(fmt::format("field '{}': required array", key)));
  std::vector<T> out;
  for (const auto& item : body[key]) {
    auto parsed = parse(item.dump());
    if (!parsed) return core::fail(parsed.error());
    out.push_back(std::move(*parsed));
  }
  return out;
}

// The keys of `advertised` ([signed advertisement, ...]) once every one is signed by the
// roster node the round's list names at its index for this very round, and at least
// required_parties of them; else the refusal naming the participant.
std::variant<std::vector<secure::AdvertiseKeys>, Reply> verified_advertisements(const NodeState& state,
                                                                                const ModelSession& session,
                                                                                const json& body) {
  if (!body.contains("advertised") || !body["advertised"].is_array()) {
    return Reply::bad_request("field 'advertised': required array of {advertise, statement, signature}");
  }
  const SignatureCheck by_roster = [&](const std::string& name, const SignedStatement& statement) {
    return state.roster.verify(name, statement);
  };
  std::vector<secure::AdvertiseKeys> keys;
  std::set<std::uint32_t> indices;
  for (const auto& item : body["advertised"]) {
    auto advertisement = parse_signed_advertisement(item);
    if (!advertisement) return failure(advertisement.error());
    if (auto verified = verify_advertisement(*advertisement, session.round, by_roster); !verified) {
      return Reply::refuse({403, "bad_advertisement", verified.error().message});
    }
    indices.insert(advertisement->keys.index);
    keys.push_back(std::move(advertisement->keys));
  }
  if (indices.size() < required_parties(session)) {
    return Reply::refuse({403, "too_few_participants",
                          fmt::format("{} verified participant(s) advertised; this round needs at least {}",
                                      indices.size(), required_parties(session))});
  }
  return keys;
}

}  // namespace

Reply handle_model_round(NodeState& state, const Call& call, std::string_view step) {
  std::string aggregation;
  if (auto bad = require_string(call.body, "aggregation", aggregation)) return *bad;
  if (step == "advertise") return advertise(state, call, aggregation);
  std::lock_guard lock(state.secure_mutex);
  const ModelKey key{call.peer.name, aggregation};
  auto it = state.model_sessions.find(key);
  if (it == state.model_sessions.end()) {
    if (id_in_use(state, aggregation)) {
      return Reply::refuse({403, "not_your_query", fmt::format("model round '{}' was opened by another researcher", aggregation)});
    }
    return Reply::refuse({404, "unknown_aggregation", fmt::format("no model round '{}' on this node", aggregation)});
  }
  ModelSession& session = it->second;
  Reply reply;
  if (step == "share") {
    auto advertised = verified_advertisements(state, session, call.body);
    if (auto* refusal = std::get_if<Reply>(&advertised)) return *refusal;
    auto shares = session.participant.share_keys(std::get<std::vector<secure::AdvertiseKeys>>(advertised));
    if (!shares) return failure(shares.error());
    json out = json::array();
    for (const auto& s : *shares) out.push_back(json::parse(secure::serialize(s)));
    reply.body = {{"aggregation", aggregation}, {"shares", out}};
    reply.note = fmt::format("mask-seed shares for {} peers", shares->size());
  } else if (step == "mask") {
    auto received = parse_list<secure::EncryptedShares>(call.body, "shares", secure::parse_encrypted_shares);
    if (!received) return failure(received.error());
    auto masked = session.participant.mask_input(session.answer, *received);
    if (!masked) return failure(masked.error());
    std::fill(session.answer.begin(), session.answer.end(), 0.0);
    reply.body = {{"aggregation", aggregation}, {"masked", json::parse(secure::serialize(*masked))}};
    reply.result_size = masked->data.size();
    reply.note = fmt::format("masked input of {} values", masked->data.size());
  } else {
    auto request = secure::parse_unmask_request(call.body.contains("request") ? call.body["request"].dump() : "null");
    if (!request) return failure(request.error());
    if (request->survivors.size() < required_parties(session)) {
      return Reply::refuse({403, "too_few_survivors",
                            fmt::format("unmasking a sum of {} survivor(s) is refused: this round needs at least {}",
                                        request->survivors.size(), required_parties(session))});
    }
    auto shares = session.participant.unmask(*request);
    if (!shares) return failure(shares.error());
    reply.body = {{"aggregation", aggregation}, {"unmask", json::parse(secure::serialize(*shares))}};
    reply.note = fmt::format("unmask shares for {} survivors", request->survivors.size());
    state.model_sessions.erase(it);
    std::erase(state.model_order, key);
  }
  return reply;
}

}  // namespace oncoshare::node::detail
