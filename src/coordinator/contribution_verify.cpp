#include "coordinator/contribution_verify.hpp"

#include <fmt/format.h>

#include "coordinator/session.hpp"
#include "node/contribution.hpp"
#include "secure/codec.hpp"
#include "secure/threshold_decryption.hpp"

namespace oncoshare::coordinator {

core::Result<node::SignedStatement> verify_contribution(const ExpectedContribution& expected,
                                                        const nlohmann::json& answer,
                                                        const secure::CiphertextVector& ciphertexts) {
  const nlohmann::json* signed_json = answer.contains("contribution") ? &answer["contribution"] : nullptr;
  if (signed_json == nullptr || !signed_json->is_object() || !signed_json->contains("statement") ||
      !(*signed_json)["statement"].is_string() || !signed_json->contains("signature") ||
      !(*signed_json)["signature"].is_string()) {
    return core::fail(failed("its answer carries no signed contribution statement"));
  }
  node::SignedStatement statement{(*signed_json)["statement"].get<std::string>(),
                                  (*signed_json)["signature"].get<std::string>()};
  if (auto valid = node::verify_statement(statement, expected.certificate); !valid) {
    return core::fail(failed("its contribution statement: " + valid.error().message));
  }
  auto claim = node::parse_contribution(statement.text);
  if (!claim) return core::fail(failed("its contribution statement: " + claim.error().message));
  auto mismatch = [](const char* what, const std::string& got, const std::string& want) {
    return core::fail(failed(fmt::format("its contribution statement names {} '{}', expected '{}'", what, got, want)));
  };
  if (claim->node != expected.node) return mismatch("node", claim->node, expected.node);
  if (claim->researcher != expected.researcher) return mismatch("researcher", claim->researcher, expected.researcher);
  if (claim->query_id != expected.query_id) return mismatch("query_id", claim->query_id, expected.query_id);
  if (claim->query_digest != expected.query_digest) {
    return core::fail(failed("its contribution statement is about another query than the one asked"));
  }
  if (claim->collective_key_sha256 != expected.key_digest) {
    return core::fail(failed("its contribution statement is about another collective key than the federation's"));
  }
  if (claim->c1_digest != secure::first_components_digest(secure::first_components(ciphertexts)) ||
      claim->ciphertexts_digest != secure::ciphertexts_digest(ciphertexts) || claim->cells != ciphertexts.size()) {
    return core::fail(failed("its ciphertexts are not the ones its contribution statement signs"));
  }
  return statement;
}

}  // namespace oncoshare::coordinator
