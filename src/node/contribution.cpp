#include "node/contribution.hpp"

#include <fmt/format.h>

#include <type_traits>

#include "node/detail/openssl.hpp"
#include "secure/codec.hpp"

namespace oncoshare::node {

namespace {

using nlohmann::json;

constexpr std::string_view kStatementType = "oncoshare.contribution.v1";

core::Error bad_field(std::string_view field) {
  return core::bad_input(fmt::format("contribution statement: field '{}' missing or of the wrong type", field),
                         {"", 0, 0, std::string(field)});
}

core::Status read(const json& in, const char* field, std::string& out) {
  if (!in.contains(field) || !in[field].is_string()) return bad_field(field);
  out = in[field].get<std::string>();
  return {};
}

template <class Int>
core::Status read_int(const json& in, const char* field, Int& out) {
  const bool typed = in.contains(field) &&
                     (std::is_unsigned_v<Int> ? in[field].is_number_unsigned() : in[field].is_number_integer());
  if (!typed) return bad_field(field);
  out = in[field].get<Int>();
  return {};
}

}  // namespace

json answered_query(std::string_view type, const json& body) {
  json query = body;
  for (const char* field : {"nonce", "timestamp", "query_id"}) query.erase(field);
  query["type"] = type;
  return query;
}

std::string query_digest(const json& query) { return detail::sha256_hex(query.dump()); }

std::string collective_key_digest(const secure::CollectiveKey& key) { return detail::sha256_hex(secure::serialize(key)); }

std::string statement_text(const ContributionClaim& c) {
  return json{{"type", kStatementType},   {"node", c.node},
              {"researcher", c.researcher}, {"query_id", c.query_id},
              {"dataset", c.dataset},       {"query", c.query},
              {"query_digest", c.query_digest}, {"key_index", c.key_index},
              {"cells", c.cells},           {"c1_digest", c.c1_digest},
              {"ciphertexts_digest", c.ciphertexts_digest}, {"collective_key_sha256", c.collective_key_sha256},
              {"software", c.software},
              {"dataset_sha256", c.dataset_sha256}, {"policy_sha256", c.policy_sha256},
              {"time", c.time}}
      .dump();
}

core::Result<ContributionClaim> parse_contribution(std::string_view text) {
  const json in = json::parse(text, nullptr, false);
  if (!in.is_object() || in.value("type", "") != kStatementType) {
    return core::fail(core::bad_input(fmt::format("not a contribution statement (\"type\": \"{}\")", kStatementType)));
  }
  ContributionClaim c;
  for (auto [field, out] : {std::pair{"node", &c.node}, {"researcher", &c.researcher}, {"query_id", &c.query_id},
                            {"dataset", &c.dataset}, {"query_digest", &c.query_digest}, {"c1_digest", &c.c1_digest},
                            {"ciphertexts_digest", &c.ciphertexts_digest},
                            {"collective_key_sha256", &c.collective_key_sha256}, {"software", &c.software},
                            {"dataset_sha256", &c.dataset_sha256}, {"policy_sha256", &c.policy_sha256}}) {
    ONCOSHARE_TRY(read(in, field, *out));
  }
  ONCOSHARE_TRY(read_int(in, "key_index", c.key_index));
  ONCOSHARE_TRY(read_int(in, "cells", c.cells));
  ONCOSHARE_TRY(read_int(in, "time", c.time));
  if (!in.contains("query") || !in["query"].is_object()) return core::fail(bad_field("query"));
  c.query = in["query"];
  if (query_digest(c.query) != c.query_digest) {
    return core::fail(core::bad_input("contribution statement: 'query_digest' is not the digest of 'query'",
                                      {"", 0, 0, "query_digest"}));
  }
  return c;
}

}  // namespace oncoshare::node
