// A Beacon /individuals request read into filter terms, without ever writing filter text:
// ids and values stay data (analytics::compile_terms checks the ids against the dataset).
#include <fmt/format.h>

#include <array>
#include <charconv>

#include "node/detail/beacon.hpp"

namespace oncoshare::node::detail {

namespace {

// Beacon's operators, longest first so ">=" is not read as ">"; "!" is Beacon's "not equal".
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kOperators = {
    {{">=", ">="}, {"<=", "<="}, {"!=", "!="}, {"=", "="}, {"<", "<"}, {">", ">"}, {"!", "!="}}};

// The node's operator for a Beacon operator, or "" when it is not one.
std::string_view node_operator(std::string_view beacon) {
  for (const auto& [spelled, op] : kOperators) {
    if (spelled == beacon) return op;
  }
  return {};
}

std::variant<analytics::FilterTerm, Reply> term_of_object(const nlohmann::json& f, std::size_t i) {
  if (!f.is_object() || !f.contains("id") || !f["id"].is_string()) {
    return Reply::bad_request(fmt::format("query.filters[{}]: expected {{\"id\", \"operator\", \"value\"}}", i), "bad_filter");
  }
  const std::string spelled = f.contains("operator") && f["operator"].is_string() ? f["operator"].get<std::string>() : "=";
  const std::string_view op = node_operator(spelled);
  if (op.empty()) {
    return Reply::bad_request(fmt::format("query.filters[{}].operator: not one of = ! != < <= > >=", i), "bad_filter");
  }
  std::string value;
  if (f.contains("value") && f["value"].is_string()) value = f["value"].get<std::string>();
  else if (f.contains("value") && f["value"].is_number()) value = f["value"].dump();
  else return Reply::bad_request(fmt::format("query.filters[{}].value: required string or number", i), "bad_filter");
  return analytics::FilterTerm{f["id"].get<std::string>(), std::string(op), std::move(value)};
}

// GET's "filters=a=b,age_dx>=60": each item split at its first operator.
std::variant<std::vector<analytics::FilterTerm>, Reply> terms_of_text(const std::string& all) {
  std::vector<analytics::FilterTerm> terms;
  if (all.empty()) return terms;
  for (std::size_t start = 0, i = 0; start <= all.size(); ++i) {
    const std::size_t end = std::min(all.find(',', start), all.size());
    const std::string item = all.substr(start, end - start);
    start = end + 1;
    const std::size_t at = item.find_first_of("=<>!");
    std::string_view op;
    std::size_t width = 0;
    for (const auto& [spelled, node_op] : kOperators) {
      if (at != std::string::npos && item.compare(at, spelled.size(), spelled) == 0 && spelled.size() > width) {
        op = node_op;
        width = spelled.size();
      }
    }
    if (op.empty()) return Reply::bad_request(fmt::format("filters[{}]: expected VARIABLE OPERATOR VALUE", i), "bad_filter");
    terms.push_back({item.substr(0, at), std::string(op), item.substr(at + width)});
  }
  return terms;
}

// A GET parameter is text: "7" is read as the number 7 so the policy check sees an integer.
nlohmann::json number_if_integer(const nlohmann::json& value) {
  if (!value.is_string()) return value;
  const std::string& text = value.get_ref<const std::string&>();
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec == std::errc() && end == text.data() + text.size()) return n;
  return value;
}

}  // namespace

std::variant<BeaconRequest, Reply> read_beacon_request(const nlohmann::json& body) {
  const nlohmann::json query = body.contains("query") && body["query"].is_object() ? body["query"] : nlohmann::json::object();
  const nlohmann::json params = query.contains("requestParameters") && query["requestParameters"].is_object()
                                    ? query["requestParameters"] : nlohmann::json::object();
  BeaconRequest request;
  auto text_of = [&](const char* key) -> std::string {
    if (params.contains(key) && params[key].is_string()) return params[key].get<std::string>();
    if (body.contains(key) && body[key].is_string()) return body[key].get<std::string>();
    return {};
  };
  request.dataset_id = text_of("datasetId");
  if (request.dataset_id.empty()) request.dataset_id = text_of("dataset");
  // GET carries the purpose as ?purpose=HMB (a DUO primary use); POST as a purpose object.
  if (body.contains("purpose") && body["purpose"].is_string()) request.purpose = {{"use", body["purpose"]}};
  else if (body.contains("purpose")) request.purpose = body["purpose"];
  else if (params.contains("purpose")) request.purpose = params["purpose"];
  if (params.contains("min_cell_size")) request.cell_size["min_cell_size"] = params["min_cell_size"];
  else if (body.contains("min_cell_size")) request.cell_size["min_cell_size"] = number_if_integer(body["min_cell_size"]);
  if (body.contains("nonce") && body["nonce"].is_string()) request.request_id = body["nonce"].get<std::string>();

  request.granularity = query.value("requestedGranularity", body.value("requestedGranularity", "boolean"));
  if (request.granularity != "boolean" && request.granularity != "count") {
    return Reply::bad_request("requestedGranularity: not boolean or count (record is not served)");
  }
  if (body.contains("filters") && body["filters"].is_string()) {
    auto terms = terms_of_text(body["filters"].get<std::string>());
    if (auto* refusal = std::get_if<Reply>(&terms)) return *refusal;
    request.terms = std::move(std::get<0>(terms));
  } else if (query.contains("filters") && !query["filters"].is_null()) {
    if (!query["filters"].is_array()) return Reply::bad_request("query.filters: expected an array", "bad_filter");
    for (std::size_t i = 0; i < query["filters"].size(); ++i) {
      auto term = term_of_object(query["filters"][i], i);
      if (auto* refusal = std::get_if<Reply>(&term)) return *refusal;
      request.terms.push_back(std::move(std::get<0>(term)));
    }
  }
  for (const auto& term : request.terms) request.filters.push_back(term.variable + term.op + term.literal);
  return request;
}

}  // namespace oncoshare::node::detail
