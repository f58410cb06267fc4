// Shared by the Beacon tests: a site node whose dataset policy the test writes, mutual-TLS
// clients, Beacon requests, and the export's own values for independent expectations.
#pragma once

#include <fmt/format.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/csv_reader.hpp"
#include "node/node_test_support.hpp"
#include "node/server_identity.hpp"

namespace oncoshare::node::testing {

// CA, certificates (site_1, a coordinator node, researcher alice) and one synthetic site of
// 300 patients, made once per test process.
inline const TestFederation& beacon_world() {
  static const TestFederation w = make_test_federation(
      "oncoshare-node-beacon-world",
      {{Role::node, "site_1"}, {Role::node, "coordinator"}, {Role::researcher, "alice"}}, 1, 300, 11);
  return w;
}

// site_1 serving one dataset "registry" over the export (consent GRU) with the given lines
// under [datasets.policy], its state in `dir`.
class BeaconNode : public ServingNode {
 public:
  BeaconNode(const ScratchDir& dir, const std::string& policy) : ServingNode(config(dir.str(), policy), dir.str()) {}

 private:
  static std::string config(const std::string& dir, const std::string& policy) {
    return single_dataset_config(beacon_world(), dir, "store = \"" + dir + "/store.sqlite\"\n", "GRU", policy + "\n");
  }
};

// The policy lines of a dataset answering exactly (no noise, no budget) with cell size 5.
inline const char* const kExactPolicy = "dp_epsilon = \"0\"\nexact_answers = true\nmin_cell_size = 5\nmin_subset_size = 5";

// A client holding `who`'s certificate that accepts only site_1 as the server.
inline std::unique_ptr<httplib::SSLClient> beacon_client(int port, const std::string& who) {
  const TestFederation& w = beacon_world();
  auto c = std::make_unique<httplib::SSLClient>("127.0.0.1", port, w.cert(who), w.key(who));
  c->enable_server_certificate_verification(false);  // replaced: the server must be site_1
  EXPECT_TRUE(require_node_certificate(c->ssl_context(), w.ca(), "site_1"));
  c->set_connection_timeout(5, 0);
  return c;
}

struct HttpAnswer {
  int status = 0;  // 0: no response
  nlohmann::json body;
};

inline HttpAnswer answer_of(const httplib::Result& res) {
  if (!res) return {};
  return {res->status, nlohmann::json::parse(res->body, nullptr, false)};
}

inline HttpAnswer beacon_get(httplib::SSLClient& c, const std::string& path) { return answer_of(c.Get(path)); }

// GET with query parameters, encoded by the client library.
inline HttpAnswer beacon_get(httplib::SSLClient& c, const std::string& path, const httplib::Params& params) {
  return answer_of(c.Get(path, params, httplib::Headers{}));
}

inline HttpAnswer beacon_post(httplib::SSLClient& c, const std::string& path, const nlohmann::json& body) {
  return answer_of(c.Post(path, body.dump(), "application/json"));
}

// A POST /api/individuals body on "registry" with a declared purpose.
inline nlohmann::json individuals_request(const nlohmann::json& filters, const std::string& granularity) {
  return {{"meta", {{"apiVersion", "v2.0.0"}}},
          {"query", {{"filters", filters},
                     {"requestedGranularity", granularity},
                     {"requestParameters", {{"datasetId", "registry"}, {"purpose", {{"use", "HMB"}}}}}}}};
}

// The Beacon error message of an answer ("" when it is not an error response).
inline std::string beacon_error_message(const HttpAnswer& answer) {
  if (!answer.body.is_object() || !answer.body.contains("error") || !answer.body["error"].is_object()) return {};
  return answer.body["error"].value("errorMessage", "");
}

// The values of `column` in the export's base rows (one per patient), read from the CSV.
inline std::vector<std::string> export_column(const std::string& column) {
  auto reader = core::CsvReader::open(beacon_world().site_export(1));
  EXPECT_TRUE(reader);
  core::CsvRow row;
  EXPECT_EQ(reader->next(row), core::ReadStatus::ok);
  std::size_t target = row.fields.size(), repeat = row.fields.size();
  for (std::size_t i = 0; i < row.fields.size(); ++i) {
    if (row.fields[i] == column) target = i;
    if (row.fields[i] == "redcap_repeat_instrument") repeat = i;
  }
  EXPECT_LT(target, row.fields.size()) << column;
  std::vector<std::string> values;
  while (reader->next(row) == core::ReadStatus::ok) {
    if (row.fields[repeat].empty()) values.push_back(row.fields[target]);
  }
  return values;
}

}  // namespace oncoshare::node::testing
