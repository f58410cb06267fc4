#include "node/contribution.hpp"

#include <fmt/format.h>

#include "node/detail/openssl.hpp"
#include "node/detail/statement_fields.hpp"
#include "secure/codec.hpp"

namespace oncoshare::node {

namespace {

using nlohmann::json;

constexpr std::string_view kStatementType = "oncoshare.contribution.v1";

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
              {"cells", c.cells},           {"noise_shares", c.noise_shares}, {"c1_digest", c.c1_digest},
              {"ciphertexts_digest", c.ciphertexts_digest}, {"collective_key_sha256", c.collective_key_sha256},
              {"software", c.software},
              {"dataset_sha256", c.dataset_sha256}, {"policy_sha256", c.policy_sha256},
              {"time", c.time}}
      .dump();
}

core::Result<ContributionClaim> parse_contribution(std::string_view text) {
  auto in = detail::StatementFields::open(text, "contribution statement", kStatementType);
  if (!in) return core::fail(in.error());
  ContributionClaim c;
  for (auto [field, out] : {std::pair{"node", &c.node}, {"researcher", &c.researcher}, {"query_id", &c.query_id},
                            {"dataset", &c.dataset}, {"query_digest", &c.query_digest}, {"c1_digest", &c.c1_digest},
                            {"ciphertexts_digest", &c.ciphertexts_digest},
                            {"collective_key_sha256", &c.collective_key_sha256}, {"software", &c.software},
                            {"dataset_sha256", &c.dataset_sha256}, {"policy_sha256", &c.policy_sha256}}) {
    ONCOSHARE_TRY(in->string(field, *out));
  }
  ONCOSHARE_TRY(in->u32("key_index", c.key_index));
  ONCOSHARE_TRY(in->u64("cells", c.cells));
  ONCOSHARE_TRY(in->u32("noise_shares", c.noise_shares));
  ONCOSHARE_TRY(in->i64("time", c.time));
  ONCOSHARE_TRY(in->object("query", c.query));
  if (query_digest(c.query) != c.query_digest) {
    return core::fail(core::bad_input("contribution statement: 'query_digest' is not the digest of 'query'",
                                      {"", 0, 0, "query_digest"}));
  }
  return c;
}

}  // namespace oncoshare::node
