// Site node server over real mutual TLS on loopback, with certificates from the federation
// PKI and a synthetic registry.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <future>
#include <thread>
#include <tuple>

#include "core/csv_reader.hpp"
#include "node/audit_log.hpp"
#include "node/config.hpp"
#include "node/node_process.hpp"
#include "node/pki.hpp"
#include "node/server.hpp"
#include "node/server_identity.hpp"
#include "node/store.hpp"
#include "node/node_test_support.hpp"
#include "secure/secure.hpp"
#include "synth/synth.hpp"
#include "query_channels.hpp"
#include "oversized_request.hpp"

namespace oncoshare::node {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using World = testing::TestFederation;

// CA, certificates and one synthetic site, made once per test process; a second CA
// issues a certificate the federation must refuse.
const World& world() {
  static const World w = [] {
    World made = testing::make_test_federation("oncoshare-node-server-world",
                                               {{Role::node, "site_1"}, {Role::node, "coordinator"},
                                                {Role::researcher, "alice"}, {Role::researcher, "bob"}},
                                               2, 300, 11);
    EXPECT_TRUE(init_ca(made.dir + "/evil", "Other", KeyAlgorithm::ed25519));
    EXPECT_TRUE(issue_certificate(made.dir + "/evil", IssueRequest{Role::researcher, "mallory"}, made.dir + "/certs"));
    return made;
  }();
  return w;
}

std::string config_text(const std::string& state_dir) {
  const World& w = world();
  return fmt::format(R"(
[node]
name = "site_1"
listen = "127.0.0.1:0"
audit_log = "{0}/audit.log"
dp_ledger = "{0}/ledger.sqlite"
key_share = "{0}/key_share.json"
store = "{0}/store.sqlite"
max_request_bytes = 65536

[tls]
cert = "{1}"
key = "{2}"
ca = "{3}"

[[datasets]]
id = "registry"
dictionary = "{4}/dictionary.csv"
exports = ["{4}/site_1.csv"]
consent = "HMB IRB"
[datasets.policy]
min_contributors = 1
dp_epsilon = "0"
exact_answers = true
min_subset_size = 1

[[datasets]]
id = "noisy"
dictionary = "{4}/dictionary.csv"
exports = ["{4}/site_1.csv"]
consent = "GRU"
[datasets.policy]
researchers = ["alice"]
query_types = ["count"]
dp_epsilon = "0.4"
dp_budget = "1"

[[datasets]]
id = "very_noisy"
dictionary = "{4}/dictionary.csv"
exports = ["{4}/site_2.csv"]
consent = "GRU"
[datasets.policy]
researchers = ["alice"]
query_types = ["count", "glm"]
dp_epsilon = "0.01"
dp_budget = "0.03"
{5})",
                     state_dir, w.cert("site_1"), w.key("site_1"), w.ca(), w.dir + "/data",
                     roster_toml({"site_1"}, w.dir + "/certs"));
}

// site_1's server on a free loopback port, serving in a thread.
class RunningNode : public testing::ServingNode {
 public:
  explicit RunningNode(const std::string& state_dir) : ServingNode(config_text(state_dir), state_dir) {}
};

std::unique_ptr<httplib::SSLClient> client(int port, const std::string& who = "", const World& w = world()) {
  auto c = who.empty() ? std::make_unique<httplib::SSLClient>("127.0.0.1", port)
                       : std::make_unique<httplib::SSLClient>("127.0.0.1", port, w.cert(who), w.key(who));
  c->enable_server_certificate_verification(false);  // replaced: the server must be site_1
  EXPECT_TRUE(require_node_certificate(c->ssl_context(), w.ca(), "site_1"));
  c->set_connection_timeout(5, 0);
  return c;
}

std::atomic<int> nonce_counter{0};

json signed_body(json body) {
  body["nonce"] = fmt::format("test-nonce-{:08}", nonce_counter++);
  body["timestamp"] = static_cast<std::int64_t>(std::time(nullptr));
  return body;
}

const json kPurpose = {{"use", "HMB"}, {"irb_approved", true}};

json post(httplib::SSLClient& c, const std::string& path, const json& body, int expected_status) {
  auto res = c.Post(path, body.dump(), "application/json");
  EXPECT_TRUE(res) << path;
  if (!res) return json();
  EXPECT_EQ(res->status, expected_status) << path << ": " << res->body;
  return json::parse(res->body, nullptr, false);
}

// Independent count: base rows of the export with the given value in `column`.
std::int64_t count_in_export(const std::string& column, const std::string& value, const std::string& site = "site_1") {
  auto reader = core::CsvReader::open(world().dir + "/data/" + site + ".csv");
  EXPECT_TRUE(reader);
  core::CsvRow row;
  EXPECT_EQ(reader->next(row), core::ReadStatus::ok);
  std::size_t target = 0, repeat = 0;
  for (std::size_t i = 0; i < row.fields.size(); ++i) {
    if (row.fields[i] == column) target = i;
    if (row.fields[i] == "redcap_repeat_instrument") repeat = i;
  }
  std::int64_t n = 0;
  while (reader->next(row) == core::ReadStatus::ok) {
    if (row.fields[repeat].empty() && row.fields[target] == value) ++n;
  }
  return n;
}

class NodeServerTest : public ::testing::Test {
 protected:
  testing::ScratchDir dir_;
};

TEST_F(NodeServerTest, HandshakeRefusesClientsWithoutFederationCertificate) {
  RunningNode node(dir_.str());
  auto anonymous = client(node.port());
  auto res = anonymous->Get("/catalog");
  // TLS 1.3 reports the refusal on the client's first read or write after the handshake.
  EXPECT_FALSE(res);

  auto foreign = client(node.port(), "mallory");
  res = foreign->Get("/catalog");
  EXPECT_FALSE(res);

  auto alice = client(node.port(), "alice");
  res = alice->Get("/catalog");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  json catalog = json::parse(res->body);
  EXPECT_EQ(catalog["node"], "site_1");
  EXPECT_EQ(catalog["datasets"][0]["id"], "registry");
  EXPECT_EQ(catalog["datasets"][0]["size_class"], "100-1000");
  EXPECT_EQ(catalog["datasets"][0]["duo_terms"], json({"DUO:0000006", "DUO:0000021"}));
  EXPECT_EQ(res->body.find("\"patients\""), std::string::npos);
  // Only alice's request reached the server (the node still runs: a live log).
  auto summary = verify_audit_log(dir_ / "audit.log", testing::read_file(world().cert("site_1")), {.live = true});
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->entries, 1u);
}

// A SIGTERM just after "listening on port" used to be lost: httplib ignores a stop() that
// comes before its accept loop runs, and the node then served forever.
TEST_F(NodeServerTest, AStopBeforeTheAcceptLoopRunsIsNotLost) {
  auto config = parse_config(config_text(dir_.str()), "node.toml", dir_.str());
  ASSERT_TRUE(config) << config.error().to_string();
  auto server = NodeServer::create(std::move(*config));
  ASSERT_TRUE(server) << server.error().to_string();
  ASSERT_TRUE((*server)->bind());
  (*server)->stop();
  auto served = std::async(std::launch::async, [&] { return (*server)->serve(); });
  const bool returned = served.wait_for(std::chrono::seconds(10)) == std::future_status::ready;
  if (!returned) (*server)->stop();  // a second stop reaches the running loop: fail, do not hang
  ASSERT_TRUE(returned) << "serve() ignored the stop that came before it";
  EXPECT_TRUE(served.get());
  for (int i = 0; i < 20; ++i) {
    auto stopped = std::async(std::launch::async, [&] { RunningNode node(dir_.str()); });
    ASSERT_EQ(stopped.wait_for(std::chrono::seconds(10)), std::future_status::ready) << "round " << i;
  }
}

TEST_F(NodeServerTest, ClientsAcceptTheServerOnlyAsTheNodeItsCertificateNames) {
  RunningNode node(dir_.str());
  httplib::SSLClient c("127.0.0.1", node.port(), world().cert("alice"), world().key("alice"));
  c.enable_server_certificate_verification(false);
  ASSERT_TRUE(require_node_certificate(c.ssl_context(), world().ca(), "site_2"));
  EXPECT_FALSE(c.Get("/catalog"));
  EXPECT_EQ(take_certificate_refusal(c.ssl_context()), "the server's certificate is for 'site_1', not 'site_2'");
  EXPECT_EQ(take_certificate_refusal(c.ssl_context()), "");

  // site_1's certificate names no address: the CN makes it site_1 at 127.0.0.1.
  ASSERT_TRUE(require_node_certificate(c.ssl_context(), world().ca(), "site_1"));
  auto res = c.Get("/catalog");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(take_certificate_refusal(c.ssl_context()), "");

  core::Status no_ca = require_node_certificate(c.ssl_context(), dir_ / "missing.crt", "site_1");
  ASSERT_FALSE(no_ca);
  EXPECT_EQ(no_ca.error().code, core::ErrorCode::io);
  EXPECT_EQ(no_ca.error().where.file, dir_ / "missing.crt");
}

TEST_F(NodeServerTest, CountMatchesDirectComputationAndRolesAreEnforced) {
  RunningNode node(dir_.str());
  auto alice = client(node.port(), "alice");
  json answer = post(*alice, "/query/count",
                     signed_body({{"dataset", "registry"}, {"purpose", kPurpose}, {"filter", "sex = 2"}}), 200);
  std::int64_t expected = count_in_export("sex", "2");
  ASSERT_GT(expected, 10);
  EXPECT_EQ(answer["cells"], json::array({expected}));
  EXPECT_EQ(answer["suppressed"], 0);

  auto site = client(node.port(), "coordinator");
  json refused = post(*site, "/query/count", signed_body({{"dataset", "registry"}, {"purpose", kPurpose}}), 403);
  EXPECT_EQ(refused["error"], "forbidden_role");
  EXPECT_EQ(refused["reason"], "certificate 'coordinator' has role 'node'; this endpoint is for role 'researcher'");
  refused = post(*alice, "/secure/dkg/start", signed_body({{"session", "s"}}), 403);
  EXPECT_EQ(refused["reason"], "certificate 'alice' has role 'researcher'; this endpoint is for role 'node'");

  auto bob = client(node.port(), "bob");
  refused = post(*bob, "/query/count", signed_body({{"dataset", "noisy"}, {"purpose", {{"use", "GRU"}}}}), 403);
  EXPECT_EQ(refused["reason"], "researcher 'bob' is not on the access list of dataset 'noisy'");
  refused = post(*alice, "/query/histogram", signed_body({{"dataset", "noisy"}, {"purpose", {{"use", "GRU"}}}}), 403);
  EXPECT_EQ(refused["reason"], "dataset 'noisy' does not allow 'histogram' queries (allowed: count)");
}

// The smallest age threshold keeping 1..4 patients of site_1, read from the node's own view.
double threshold_keeping_a_few() {
  DatasetConfig config;
  config.id = "registry";
  config.dictionary = world().dir + "/data/dictionary.csv";
  config.exports = {world().dir + "/data/site_1.csv"};
  auto dataset = load_dataset(config, ":memory:");
  EXPECT_TRUE(dataset);
  std::vector<double> ages = (*dataset)->table.find("age_dx")->numbers;
  std::erase_if(ages, [](double a) { return std::isnan(a); });
  std::sort(ages.rbegin(), ages.rend());
  for (std::size_t n = 4; n >= 1; --n) {
    if (ages[n - 1] > ages[n]) return ages[n - 1];
  }
  ADD_FAILURE() << "no threshold keeps 1..4 patients";
  return 0;
}

TEST_F(NodeServerTest, SmallCellsAreSuppressedInClear) {
  RunningNode node(dir_.str());
  auto alice = client(node.port(), "alice");
  const std::string few = fmt::format("age_dx >= {}", threshold_keeping_a_few());
  json answer = post(*alice, "/query/count", signed_body({{"dataset", "registry"}, {"purpose", kPurpose}, {"filter", few}}), 200);
  EXPECT_TRUE(answer["cells"][0].is_null());
  EXPECT_EQ(answer["suppressed"], 1);
  EXPECT_EQ(answer["min_cell_size"], 5);
  // A filter keeping nobody is below the minimum subset size (1 here).
  json zero = post(*alice, "/query/count",
                   signed_body({{"dataset", "registry"}, {"purpose", kPurpose}, {"filter", "age_dx >= 200"}}), 403);
  EXPECT_EQ(zero["error"], "subset_too_small");
}

// Exact answers: all patients, then all but the oldest few, would give the few by
// subtraction; the node keeps every exact answer's patients and refuses the second.
TEST_F(NodeServerTest, DifferencingTwoExactAnswersIsRefused) {
  RunningNode node(dir_.str());
  auto alice = client(node.port(), "alice");
  json all = post(*alice, "/query/count", signed_body({{"dataset", "registry"}, {"purpose", kPurpose}}), 200);
  ASSERT_TRUE(all["cells"][0].is_number());
  const std::string rest = fmt::format("age_dx < {} or age_dx is missing", threshold_keeping_a_few());
  json refused = post(*alice, "/query/count", signed_body({{"dataset", "registry"}, {"purpose", kPurpose}, {"filter", rest}}), 403);
  EXPECT_EQ(refused["error"], "overlapping_subset");
  EXPECT_NE(refused["reason"].get<std::string>().find("by fewer than 5"), std::string::npos) << refused["reason"];
  // The same subset again is no new information and is answered.
  json again = post(*alice, "/query/count", signed_body({{"dataset", "registry"}, {"purpose", kPurpose}}), 200);
  EXPECT_EQ(again["cells"], all["cells"]);
  // Asking for a smaller cell size than the policy's is refused, naming the policy value.
  json less = post(*alice, "/query/count",
                   signed_body({{"dataset", "registry"}, {"purpose", kPurpose}, {"min_cell_size", 1}}), 403);
  EXPECT_EQ(less["error"], "less_protection_than_policy");
  EXPECT_NE(less["reason"].get<std::string>().find("minimum cell size 5"), std::string::npos) << less["reason"];
}

// The small-cell boundary on every channel in clear: a released cell of value v is
// withheld when the request asks for k = v + 1 and released again at k = v.
TEST_F(NodeServerTest, TheSmallCellBoundaryHoldsOnEveryChannel) {
  RunningNode node(dir_.str());
  auto alice = client(node.port(), "alice");
  const json base = {{"dataset", "registry"}, {"purpose", kPurpose}, {"filter", "stage_group = 3"}};
  for (const auto& [type, params] : ::oncoshare::test::query_channels()) {
    json body = base;
    body.update(params);
    json answer = post(*alice, "/query/" + type, signed_body(body), 200);
    std::size_t cell = 0;
    while (cell < answer["cells"].size() && !(answer["cells"][cell].is_number() && answer["cells"][cell].get<std::int64_t>() >= 5)) ++cell;
    ASSERT_LT(cell, answer["cells"].size()) << type << ": no released cell of 5 or more";
    const std::int64_t v = answer["cells"][cell].get<std::int64_t>();
    body["min_cell_size"] = v + 1;
    EXPECT_TRUE(post(*alice, "/query/" + type, signed_body(body), 200)["cells"][cell].is_null()) << type << " k = " << v + 1;
    body["min_cell_size"] = v;
    EXPECT_EQ(post(*alice, "/query/" + type, signed_body(body), 200)["cells"][cell], v) << type << " k = " << v;
  }
}

TEST_F(NodeServerTest, ConsentMismatchIsRefusedWithReason) {
  RunningNode node(dir_.str());
  auto alice = client(node.port(), "alice");
  json refused = post(*alice, "/query/count", signed_body({{"dataset", "registry"}, {"purpose", {{"use", "HMB"}}}}), 403);
  EXPECT_EQ(refused["error"], "consent_mismatch");
  EXPECT_EQ(refused["reason"],
            "dataset 'registry' consent 'HMB IRB' does not allow this purpose: refused: IRB (DUO:0000021) requires "
            "ethics (IRB) approval, which the request does not declare");
  refused = post(*alice, "/query/count", signed_body({{"dataset", "registry"}}), 403);
  EXPECT_EQ(refused["error"], "purpose_required");
}

TEST_F(NodeServerTest, PrivacyBudgetIsSpentRefusedAndSurvivesRestart) {
  const json query = {{"dataset", "noisy"}, {"purpose", {{"use", "GRU"}}}};
  {
    RunningNode node(dir_.str());
    auto alice = client(node.port(), "alice");
    json first = post(*alice, "/query/count", signed_body(query), 200);
    EXPECT_EQ(first["budget_remaining"], "0.6");
    EXPECT_EQ(first["noise"]["distribution"], "skellam");
    EXPECT_EQ(first["noise"]["mu_numerator"], 12500);  // 2 / 0.4^2 = 12.5
    json second = post(*alice, "/query/count", signed_body(query), 200);
    EXPECT_EQ(second["budget_remaining"], "0.2");
    json third = post(*alice, "/query/count", signed_body(query), 403);
    EXPECT_EQ(third["error"], "budget_exceeded");
    EXPECT_EQ(third["reason"], "privacy budget exceeded: requested 0.4, remaining 0.2 of 1");
  }
  RunningNode restarted(dir_.str());
  auto alice = client(restarted.port(), "alice");
  json again = post(*alice, "/query/count", signed_body(query), 403);
  EXPECT_EQ(again["error"], "budget_exceeded");
}

// Skellam noise with mu = 2 / 0.01^2 = 20000 (standard deviation 200) is zero with
// probability about 0.002, so three noiseless answers in a row mean no noise was added.
TEST_F(NodeServerTest, AnswersInClearCarryTheirNoise) {
  RunningNode node(dir_.str());
  auto alice = client(node.port(), "alice");
  const json query = {{"dataset", "very_noisy"}, {"purpose", {{"use", "GRU"}}}, {"filter", "sex = 2"}};
  const std::int64_t exact = count_in_export("sex", "2", "site_2");
  int noiseless = 0;
  for (int i = 0; i < 3; ++i) {
    json answer = post(*alice, "/query/count", signed_body(query), 200);
    EXPECT_EQ(answer["noise"]["mu_numerator"], 20'000'000);
    EXPECT_EQ(answer["noise"]["mu_denominator"], 1000);
    if (answer["cells"] == json::array({exact})) ++noiseless;
  }
  EXPECT_LT(noiseless, 3) << "three answers equal to the exact count " << exact;
}

// 'very_noisy' keeps the default min_contributors = 2: no model sum over this node alone.
TEST_F(NodeServerTest, ModelRoundsOverTooFewNodesAreRefused) {
  RunningNode node(dir_.str());
  auto alice = client(node.port(), "alice");
  json round = {{"aggregation", "a1"}, {"dataset", "very_noisy"}, {"purpose", {{"use", "GRU"}}},
                {"model", {{"type", "glm"}, {"formula", "sex ~ age_dx"}}}, {"participants", {"site_1"}}, {"threshold", 1},
                {"index", 1}};
  json refused = post(*alice, "/model/round/advertise", signed_body(round), 403);
  EXPECT_EQ(refused["error"], "too_few_contributors");
  EXPECT_EQ(refused["reason"], "this node takes part only in sums over at least 2 nodes; got 1");
}

TEST_F(NodeServerTest, BadRequestsAreRefusedAuditedAndServingContinues) {
  {
    RunningNode node(dir_.str());
    auto alice = client(node.port(), "alice");
    json body = signed_body({{"dataset", "registry"}, {"purpose", kPurpose}});
    post(*alice, "/query/count", body, 200);
    json replayed = post(*alice, "/query/count", body, 409);
    EXPECT_EQ(replayed["error"], "replay_rejected");
    EXPECT_NE(replayed["reason"].get<std::string>().find("request replayed"), std::string::npos);
    json old = body;
    old["nonce"] = "test-nonce-old-0001";
    old["timestamp"] = static_cast<std::int64_t>(std::time(nullptr)) - 3600;
    EXPECT_EQ(post(*alice, "/query/count", old, 409)["error"], "replay_rejected");

    auto res = oncoshare::test::send_oversized(
        [&] { return alice->Post("/query/count", std::string(70 * 1024, 'x'), "application/json"); },
        [](const httplib::Result& answer) { return !answer; });
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 413);
    res = alice->Post("/query/count", "{\"dataset\": ", "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
    EXPECT_EQ(json::parse(res->body)["error"], "malformed_json");
    json unknown = post(*alice, "/query/count",
                        signed_body({{"dataset", "registry"}, {"purpose", kPurpose}, {"filter", "stage = 3"}}), 400);
    EXPECT_EQ(unknown["error"], "bad_filter");
    EXPECT_NE(unknown["reason"].get<std::string>().find("unknown variable 'stage'"), std::string::npos);
    EXPECT_EQ(post(*alice, "/query/count", signed_body({{"dataset", "registry"}, {"purpose", kPurpose}}), 200)["node"],
              "site_1");
  }
  auto summary = verify_audit_log(dir_ / "audit.log", testing::read_file(world().cert("site_1")));
  ASSERT_TRUE(summary) << summary.error().to_string();
  EXPECT_EQ(summary->entries, 7u);
  std::string log = testing::read_file(dir_ / "audit.log");
  EXPECT_NE(log.find("refused before routing: HTTP 413"), std::string::npos);
  EXPECT_NE(log.find("request body:1:13: malformed JSON: syntax error"), std::string::npos);
  auto cli = testing::run(fmt::format("{} audit verify {} --cert {}", ONCOSHARE_BINARY, dir_ / "audit.log",
                                      world().cert("site_1")));
  EXPECT_EQ(cli.exit_code, 0) << cli.output;
}

TEST_F(NodeServerTest, EncryptedCountDecryptsToThePlaintextAfterDkg) {
  RunningNode node(dir_.str());
  auto coordinator = client(node.port(), "coordinator");
  json started = post(*coordinator, "/secure/dkg/start",
                      signed_body({{"session", "k1"}, {"participants", json::array({"site_1"})}, {"threshold", 1}, {"index", 1}}),
                      200);
  json dealt = post(*coordinator, "/secure/dkg/deal", signed_body({{"session", "k1"}, {"recipient", started["statement"]}}), 200);
  json received = post(*coordinator, "/secure/dkg/receive",
                       signed_body({{"session", "k1"}, {"dealer", started["statement"]}, {"sealed", dealt["sealed"]},
                                    {"sealed_statement", dealt["statement"]}}),
                       200);
  EXPECT_TRUE(received["complaint"].is_null());
  json finished = post(*coordinator, "/secure/dkg/finish",
                       signed_body({{"session", "k1"}, {"starts", json::array({started["statement"]})}, {"complaints", json::array()}}),
                       200);
  // Nothing is stored before every node confirmed the same transcript and key.
  EXPECT_FALSE(std::filesystem::exists(dir_ / "key_share.json"));
  post(*coordinator, "/secure/dkg/confirm", signed_body({{"session", "k1"}, {"finishes", json::array({finished["statement"]})}}), 200);
  struct stat info{};
  ASSERT_EQ(::stat((dir_ / "key_share.json").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto key = secure::parse_collective_key(finished["collective_key"].dump());
  ASSERT_TRUE(key);

  auto alice = client(node.port(), "alice");
  json encrypted = post(*alice, "/query/count",
                        signed_body({{"dataset", "registry"}, {"purpose", kPurpose}, {"filter", "sex = 2"},
                                     {"mode", "encrypted"}, {"query_id", "q1"}}), 200);
  EXPECT_FALSE(encrypted.contains("cells"));
  EXPECT_EQ(encrypted["key_index"], 1);
  auto ciphertexts = secure::parse_ciphertext_vector(encrypted["ciphertexts"].dump());
  ASSERT_TRUE(ciphertexts);
  // The only contributor (min_contributors = 1): its own signed contribution.
  const json own = {{"statement", encrypted["contribution"]["statement"]},
                    {"signature", encrypted["contribution"]["signature"]},
                    {"c1", json::parse(secure::serialize_points(secure::first_components(*ciphertexts)))}};
  const json round1 = {{"query_id", "q1"}, {"mode", "decrypt"}, {"contributions", {own}}, {"decryptors", {1}}};
  json elsewhere = round1;
  elsewhere["contributions"] = json::array();
  EXPECT_EQ(post(*alice, "/secure/partial", signed_body(elsewhere), 403)["error"], "own_contribution_missing");
  json other_points = round1;
  other_points["contributions"][0]["c1"] = json::parse(secure::serialize_points(std::vector<secure::Point>(1)));
  EXPECT_EQ(post(*alice, "/secure/partial", signed_body(other_points), 403)["reason"],
            "the first components sent for 'site_1' are not those it signed");
  auto bob = client(node.port(), "bob");
  EXPECT_EQ(post(*bob, "/secure/partial", signed_body(round1), 403)["error"], "not_your_query");
  const secure::OpeningChallenge challenge = secure::OpeningChallenge::random();
  const json round2 = {{"query_id", "q1"}, {"challenge", json::parse(secure::serialize(challenge))}};
  EXPECT_EQ(post(*alice, "/secure/partial/proof", signed_body(round2), 409)["error"], "no_decryption_shares");

  json partial = post(*alice, "/secure/partial", signed_body(round1), 200);
  // The node names its Σ C1 by digest, not by echoing the aggregate.
  EXPECT_EQ(partial["aggregate_c1_digest"], secure::first_components_digest(secure::first_components(*ciphertexts)));
  auto shares = secure::parse_decryption_shares(partial["shares"].dump());
  ASSERT_TRUE(shares) << shares.error().to_string();
  EXPECT_EQ(shares->decryptors, std::vector<std::uint32_t>{1});
  auto combined = secure::parse_combined_share(post(*alice, "/secure/partial/proof", signed_body(round2), 200)["combined"].dump());
  ASSERT_TRUE(combined) << combined.error().to_string();
  auto table = secure::DlogTable::create();
  ASSERT_TRUE(table);
  auto opened = secure::open_jointly(*key, *ciphertexts, std::vector{*shares}, std::vector{*combined}, challenge, *table);
  ASSERT_TRUE(opened) << opened.error().to_string();
  EXPECT_TRUE(opened->rejected.empty());
  EXPECT_EQ(opened->values, std::vector<std::int64_t>{count_in_export("sex", "2")});
  // A proof for another challenge does not open it.
  auto stale = secure::open_jointly(*key, *ciphertexts, std::vector{*shares}, std::vector{*combined},
                                    secure::OpeningChallenge::random(), *table);
  ASSERT_TRUE(stale);
  ASSERT_EQ(stale->rejected.size(), 1u);
  EXPECT_EQ(stale->rejected[0].reason, "its round-2 decryption proof does not verify");

  // 'noisy' keeps the default min_contributors = 2: a sum of this node alone is not opened.
  json lone = post(*alice, "/query/count",
                   signed_body({{"dataset", "noisy"}, {"purpose", {{"use", "GRU"}}}, {"mode", "encrypted"},
                                {"query_id", "q2"}}), 200);
  auto lone_ciphertexts = secure::parse_ciphertext_vector(lone["ciphertexts"].dump());
  ASSERT_TRUE(lone_ciphertexts);
  json q2 = round1;
  q2["query_id"] = "q2";
  q2["contributions"] = {{{"statement", lone["contribution"]["statement"]},
                          {"signature", lone["contribution"]["signature"]},
                          {"c1", json::parse(secure::serialize_points(secure::first_components(*lone_ciphertexts)))}}};
  json refused = post(*alice, "/secure/partial", signed_body(q2), 403);
  EXPECT_EQ(refused["error"], "too_few_contributors");
  EXPECT_EQ(refused["reason"], "dataset 'noisy' helps decrypt only aggregates of at least 2 nodes; got 1");
}

TEST_F(NodeServerTest, CliServesUntilSigterm) {
  std::string config = dir_ / "node.toml";
  ASSERT_EQ(testing::run(fmt::format("{} node init --out {}", ONCOSHARE_BINARY, config)).exit_code, 0);
  EXPECT_EQ(testing::run(fmt::format("{} node init --out {}", ONCOSHARE_BINARY, config)).exit_code, 2);
  std::ofstream(config) << config_text(dir_.str());
  auto node = NodeProcess::start(ONCOSHARE_BINARY, config, dir_ / "node.log");
  ASSERT_TRUE(node) << node.error().to_string();
  auto alice = client(node->port(), "alice");
  auto res = alice->Get("/catalog");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(node->stop(), 0);  // SIGTERM: a clean exit
  auto summary = verify_audit_log(dir_ / "audit.log", testing::read_file(world().cert("site_1")));
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->entries, 1u);
  EXPECT_EQ(summary->unsigned_tail, 0u);  // sealed on shutdown
}

TEST(NodeConfigTest, ExampleParsesAndErrorsNameTheKey) {
  auto example = parse_config(example_config(), "node.toml", "/etc/oncoshare");
  ASSERT_TRUE(example) << example.error().to_string();
  EXPECT_EQ(example->port, 8443);
  EXPECT_EQ(example->datasets.at(0).policy.min_cell_size, 5);
  EXPECT_EQ(example->datasets.at(0).policy.dp_epsilon, 500'000);  // DP on by default
  EXPECT_EQ(example->tls_ca, "/etc/oncoshare/ca.crt");
  // A policy loosened by accident is an error naming the key.
  for (auto [from, to, message] : {std::tuple{"dp_epsilon = \"0.5\"", "dp_epsilon = \"0\"",
                                              "\"0\" releases exact answers: set exact_answers = true to allow them explicitly"},
                                   {"max_saturation = 0.33", "max_saturation = nan", "expected a finite number > 0"},
                                   {"max_saturation = 0.33", "max_saturation = 2", "must be in (0, 1] (parameters per row)"},
                                   {"min_bin_width = 5", "min_bin_width = 0", "expected a finite number > 0"},
                                   {"min_time_step = 30", "min_time_step = -30", "expected a finite number > 0"}}) {
    std::string text = example_config();
    text.replace(text.find(from), std::string_view(from).size(), to);
    auto loosened = parse_config(text, "node.toml", "");
    ASSERT_FALSE(loosened) << to;
    EXPECT_NE(loosened.error().to_string().find(message), std::string::npos) << loosened.error().to_string();
  }
  auto typo = parse_config("[node]\nname = \"a\"\nlisten = \"x\"\n", "bad.toml", "");
  ASSERT_FALSE(typo);
  EXPECT_EQ(typo.error().to_string(), "bad.toml:3:10: field 'node.listen': node.listen: 'x' is not HOST:PORT");
  EXPECT_EQ(example->encryption_pool, 8192u);
  std::string negative = example_config();
  negative.replace(negative.find("encryption_pool = 8192"), 22, "encryption_pool = -1");
  auto pool = parse_config(negative, "bad.toml", "");
  ASSERT_FALSE(pool);
  EXPECT_EQ(pool.error().to_string(),
            "bad.toml:12:19: field 'node.encryption_pool': node.encryption_pool: -1 is outside 0..4194304");
  auto unknown = parse_config("[node]\nnmae = \"a\"\n", "bad.toml", "");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message, "node.nmae: unknown key");
  auto malformed = parse_config("[node\n", "bad.toml", "");
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().where.line, 1u);
}

TEST(NodeConfigTest, ConnectionLimitsAndTheReplayStoreAreReadAndChecked) {
  auto example = parse_config(example_config(), "/etc/oncoshare/node.toml", "/etc/oncoshare");
  ASSERT_TRUE(example) << example.error().to_string();
  EXPECT_EQ(example->replay_store, "/etc/oncoshare/replay.sqlite");
  EXPECT_EQ(example->max_nonces_per_peer, 100'000);
  EXPECT_EQ(example->worker_threads, 128);
  EXPECT_EQ(example->max_connections, 256);
  EXPECT_EQ(example->max_connections_per_address, 64);
  EXPECT_EQ(example->handshake_timeout_seconds, 5);
  // Without the key, the store sits next to the DP ledger.
  std::string text = example_config();
  text.erase(text.find("replay_store"), text.find('\n', text.find("replay_store")) - text.find("replay_store"));
  const std::string_view ledger = "dp_ledger = \"dp_ledger.sqlite\"";
  text.replace(text.find(ledger), ledger.size(), "dp_ledger = \"state/ledger.sqlite\"");
  auto defaulted = parse_config(text, "/etc/oncoshare/node.toml", "/etc/oncoshare");
  ASSERT_TRUE(defaulted) << defaulted.error().to_string();
  EXPECT_EQ(defaulted->replay_store, "/etc/oncoshare/state/replay.sqlite");
  for (auto [from, to, message] :
       {std::tuple{"worker_threads = 128", "worker_threads = 64",
                   "bad.toml:18:18: field 'node.worker_threads': node.worker_threads: 64 must exceed max_connections_per_address (64): one "
                   "address could hold every worker"},
        {"handshake_timeout_seconds = 5", "handshake_timeout_seconds = -1",
         "field 'node.handshake_timeout_seconds': node.handshake_timeout_seconds: -1 is outside 0..3600"},
        {"max_nonces_per_peer = 100000", "max_nonces_per_peer = 0",
         "field 'node.max_nonces_per_peer': node.max_nonces_per_peer: 0 is outside 1..100000000"}}) {
    std::string bad = example_config();
    bad.replace(bad.find(from), std::string_view(from).size(), to);
    auto refused = parse_config(bad, "bad.toml", "");
    ASSERT_FALSE(refused) << to;
    EXPECT_NE(refused.error().to_string().find(message), std::string::npos) << refused.error().to_string();
  }
}

}  // namespace
}  // namespace oncoshare::node
