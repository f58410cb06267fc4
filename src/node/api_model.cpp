// POST /model/round/{advertise,share,mask,unmask}: this node's side of one secure
// aggregation of a model round (secure/secagg.hpp). At "advertise" the node checks the
// policy, builds the model's design on the filtered dataset, computes its local answer for
// the round (GLM statistics at the broadcast coefficients, or the Cox answer) and keeps it;
// the answer only ever leaves masked, so the coordinator learns the sum over the sites and
// nothing about one site. A session belongs to the researcher who opened it.
#include <fmt/format.h>

#include "analytics/filter.hpp"
#include "analytics/query_statistic.hpp"
#include "models/formula.hpp"
#include "models/model_request.hpp"
#include "node/detail/node_state.hpp"
#include "secure/secagg_codec.hpp"

namespace oncoshare::node::detail {

namespace {

using nlohmann::json;

constexpr std::size_t kMaxModelSessions = 64;
// Pooled Cox summaries on a grid finer than this reveal (aggregate) event times.
constexpr double kCoarseTimeStep = 30;

core::Result<std::uint32_t> count_field(const json& body, const char* key) {
  if (!body.contains(key) || !body[key].is_number_unsigned() || body[key].get<std::uint64_t>() == 0 ||
      body[key].get<std::uint64_t>() > 1024) {
    return core::fail(core::bad_input(fmt::format("field '{}': expected an integer 1..1024", key)));
  }
  return static_cast<std::uint32_t>(body[key].get<std::uint64_t>());
}

// Policy checks and the local answer for the round.
core::Result<std::vector<double>> local_answer(const Dataset& dataset, const models::ModelSpec& spec,
                                               const json& body, std::vector<std::string>& names) {
  auto terms = models::parse_formula(spec.formula);
  if (!terms) return core::fail(terms.error());
  auto filter = analytics::compile_filter(analytics::string_field(body, "filter"), dataset.table);
  if (!filter) return core::fail(core::bad_input("field 'filter': " + filter.error().message));
  auto design = models::build_design(dataset.table, *terms, &*filter);
  if (!design) return core::fail(design.error());
  names = design->names;
  return models::site_model_answer(*design, spec, body.contains("round") ? body["round"] : json::object());
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
  auto participants = count_field(body, "participants");
  auto threshold = count_field(body, "threshold");
  auto index = count_field(body, "index");
  for (const auto* field : {&participants, &threshold, &index}) {
    if (!*field) return Reply::bad_request(field->error().message);
  }
  if (static_cast<std::int64_t>(*participants) < config.policy.min_contributors) {
    return Reply::refuse({403, "too_few_contributors",
                          fmt::format("dataset '{}' takes part only in sums over at least {} nodes; got {}", config.id,
                                      config.policy.min_contributors, *participants)});
  }
  if (spec->type == models::ModelType::cox && !spec->stratified && !config.policy.exact_event_times &&
      body.contains("round") && body["round"].value("step", "") == "summary" &&
      body["round"].value("grid_step", 0.0) < kCoarseTimeStep) {
    return Reply::refuse({403, "event_times_not_allowed",
                          fmt::format("dataset '{}' does not reveal event times, even summed: use a time grid of at least "
                                      "{:g} days", config.id, kCoarseTimeStep)});
  }
  std::vector<std::string> names;
  auto answer = local_answer(*dataset, *spec, body, names);
  if (!answer) return Reply::bad_request(answer.error().to_string(), "bad_model");
  secure::SecAggParams params{aggregation, *participants, *threshold, 0, static_cast<std::uint32_t>(answer->size()), 64};
  auto participant = secure::SecAggParticipant::create(params, *index);
  if (!participant) return failure(participant.error());
  Reply reply;
  reply.body = {{"node", state.config.name}, {"aggregation", aggregation}, {"names", names}, {"length", answer->size()},
                {"advertise", json::parse(secure::serialize(participant->advertise()))}};
  reply.note = fmt::format("{} round computed ({} values, kept until masked), aggregation {}", type, answer->size(), aggregation);
  std::lock_guard lock(state.secure_mutex);
  if (state.model_order.size() >= kMaxModelSessions) {
    state.model_sessions.erase(state.model_order.front());
    state.model_order.erase(state.model_order.begin());
  }
  state.model_sessions.erase(aggregation);
  state.model_sessions.emplace(aggregation, ModelSession{call.peer.name, std::move(*participant), std::move(*answer)});
  state.model_order.push_back(aggregation);
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

}  // namespace

Reply handle_model_round(NodeState& state, const Call& call, std::string_view step) {
  std::string aggregation;
  if (auto bad = require_string(call.body, "aggregation", aggregation)) return *bad;
  if (step == "advertise") return advertise(state, call, aggregation);
  std::lock_guard lock(state.secure_mutex);
  auto it = state.model_sessions.find(aggregation);
  if (it == state.model_sessions.end()) {
    return Reply::refuse({404, "unknown_aggregation", fmt::format("no model round '{}' on this node", aggregation)});
  }
  ModelSession& session = it->second;
  if (session.researcher != call.peer.name) {
    return Reply::refuse({403, "not_your_query", fmt::format("model round '{}' was opened by another researcher", aggregation)});
  }
  Reply reply;
  if (step == "share") {
    auto advertised = parse_list<secure::AdvertiseKeys>(call.body, "advertised", secure::parse_advertise_keys);
    if (!advertised) return failure(advertised.error());
    auto shares = session.participant.share_keys(*advertised);
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
    auto shares = session.participant.unmask(*request);
    if (!shares) return failure(shares.error());
    reply.body = {{"aggregation", aggregation}, {"unmask", json::parse(secure::serialize(*shares))}};
    reply.note = fmt::format("unmask shares for {} survivors", request->survivors.size());
    state.model_sessions.erase(it);
    std::erase(state.model_order, aggregation);
  }
  return reply;
}

}  // namespace oncoshare::node::detail
