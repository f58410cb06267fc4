// Issue 14, part 6: no value of a patient leaves a node, in an answer, a refusal or the audit
// log. Patients are drawn at random from the exports three real nodes serve; a hostile
// researcher then sends malformed and extreme requests to every endpoint, many with filters
// selecting one drawn patient, and none of the drawn patients' identifying values (record
// id, dates, free text, numbers as written in the export) may appear in any response body or
// audit line. One test per channel, so a leak names the channel that has it.
#include "coordinator/drawn_patients.hpp"
#include "coordinator/policy_federation.hpp"

namespace oncoshare::coordinator {
namespace {

using nlohmann::json;
using testing::DrawnPatient;
using testing::WireAnswer;
using testing::WireClient;

const json kPurpose = {{"use", "HMB"}, {"irb_approved", true}};
constexpr std::size_t kDrawn = 4;

// Noisy answers on "registry", exact ones on "exact" (then the query-set controls apply).
std::string datasets(int k) {
  return testing::dataset_toml(k, "registry", "dp_epsilon = \"0.5\"\ndp_budget = \"1000\"\nmin_contributors = 2") +
         testing::dataset_toml(k, "exact", "dp_epsilon = \"0\"\nexact_answers = true\nmin_subset_size = 10\n"
                                           "min_contributors = 2\nexact_event_times = true");
}

enum class Channel { queries, models, beacon };

struct Exchange {
  std::string request;  // "POST /path body"
  WireAnswer answer;
};

class HostileSession {
 public:
  HostileSession(const std::string& dir, std::uint64_t seed)
      : nodes_(dir, datasets), patients_(testing::draw_patients(seed, kDrawn)) {
    key_ = testing::make_key(nodes_.ports(), 2);
    for (int k = 1; k <= testing::kSites; ++k) {
      alice_.push_back(std::make_unique<WireClient>(nodes_.port(k), "alice", k));
      relay_.push_back(std::make_unique<WireClient>(nodes_.port(k), "coordinator", k));
    }
  }

  void run(Channel channel) {
    for (const auto& patient : patients_) {
      if (channel == Channel::queries) queries(patient);
      if (channel == Channel::models) models(patient);
      if (channel == Channel::beacon) beacon(patient);
    }
  }

  // Every identifying value of a drawn patient found in a response or an audit line.
  std::vector<std::string> leaks() const {
    std::string sent;
    for (const auto& e : exchanges_) sent += e.request + '\n';
    std::vector<std::pair<std::string, std::string>> said;  // where, text
    for (const auto& e : exchanges_) said.emplace_back("response to " + e.request, without_policy(e.answer.text));
    for (int k = 1; k <= testing::kSites; ++k) {
      said.emplace_back(fmt::format("audit log of site_{}", k), node::testing::read_file(nodes_.state(k) + "/audit.log"));
    }
    std::vector<std::string> out;
    for (const auto& patient : patients_) {
      for (const auto& value : testing::identifying_values(patient, sent)) {
        for (const auto& [where, text] : said) {
          const std::size_t at = testing::find_token(text, value.value);
          if (at == std::string::npos) continue;
          out.push_back(fmt::format("{} '{}' of record {} in the {}: ...{}...", value.field, value.value, patient.record_id,
                                    where.substr(0, 300), text.substr(at < 80 ? 0 : at - 80, 200)));
        }
      }
    }
    return out;
  }

  // A node's policy numbers are its configuration, and the budget left follows from the
  // researcher's own queries: public by design. A patient whose value happens to equal
  // `min_bin_width` or the `budget_remaining` of a Beacon answer ("7.5") is not leaked by
  // them. Those keys are dropped wherever they are; everything else is searched.
  static std::string without_policy(const std::string& text) {
    json body = json::parse(text, nullptr, false);
    if (body.is_discarded()) return text;
    drop_policy(body);
    return body.dump();
  }

  static void drop_policy(json& node) {
    if (node.is_array()) {
      for (auto& item : node) drop_policy(item);
      return;
    }
    if (!node.is_object()) return;
    for (const char* key : {"min_cell_size", "min_contributors", "dp_epsilon_per_query", "min_time_step", "min_bin_width",
                            "dp_budget", "model_epsilon_per_fit", "budget_remaining", "noise"}) {
      node.erase(key);
    }
    for (auto& [key, value] : node.items()) drop_policy(value);
  }

  [[nodiscard]] std::size_t exchanges() const { return exchanges_.size(); }
  // Every request and answer, one pair of lines each, to `path` (to read what a node said).
  void dump(const std::string& path) const {
    std::string text;
    for (const auto& e : exchanges_) text += fmt::format("{}\n  -> {} {}\n", e.request, e.answer.status, e.answer.text);
    node::testing::write_file(path, text);
  }
  [[nodiscard]] std::size_t checked_values() const {
    std::string sent;
    for (const auto& e : exchanges_) sent += e.request + '\n';
    std::size_t n = 0;
    for (const auto& patient : patients_) n += testing::identifying_values(patient, sent).size();
    return n;
  }

 private:
  void post(int k, const std::string& path, const json& body, bool as_relay = false) {
    WireClient& client = as_relay ? *relay_.at(k - 1) : *alice_.at(k - 1);
    exchanges_.push_back({"POST " + path + " " + body.dump(), client.post(path, body)});
  }
  void post_text(int k, const std::string& path, const std::string& text) {
    exchanges_.push_back({"POST " + path + " " + text, alice_.at(k - 1)->post_text(path, text)});
  }
  void get(int k, const std::string& path) { exchanges_.push_back({"GET " + path, alice_.at(k - 1)->get(path)}); }

  // A filter keeping this one patient (or the very few sharing the date).
  static std::string one_patient(const DrawnPatient& p) {
    return fmt::format("diagnosis_date = '{}' and age_dx = {}", p.value_of("diagnosis_date"), p.value_of("age_dx"));
  }

  void queries(const DrawnPatient& p) {
    const int k = p.site;
    const std::string only = one_patient(p);
    // Requests that select no one in particular are sent with the first patient only.
    const bool general = &p == &patients_.front();
    for (const std::string dataset : {"registry", "exact"}) {
      const json base = {{"dataset", dataset}, {"purpose", kPurpose}};
      // Plaintext, and encrypted too when `both` (answers the node computes).
      auto ask = [&](const std::string& type, json extra, bool both = false) {
        json body = base;
        body.update(extra);
        post(k, "/query/" + type, body);
        if (!both) return;
        body.update({{"mode", "encrypted"}, {"query_id", random_id()}});
        post(k, "/query/" + type, body);
      };
      ask("count", {{"filter", only}}, true);
      ask("count", {{"filter", only}, {"min_cell_size", 1}});
      ask("count", {{"filter", "not (" + only + ")"}});
      ask("crosstab", {{"filter", only}, {"rows", "stage_group"}, {"columns", "sex"}}, true);
      ask("crosstab", {{"filter", only}, {"rows", "topography"}, {"columns", "morphology"}});
      for (const std::string variable : {"postcode", "birth_date", "record_id", "psa", "diagnosis_date", "survival_days"}) {
        if (general) ask("crosstab", {{"rows", variable}});
      }
      for (const std::string variable : {"psa", "weight", "bmi", "tumour_size_mm", "diagnosis_date", "last_contact_date",
                                         "survival_days", "postcode", "sex"}) {
        ask("histogram", {{"filter", only}, {"variable", variable}, {"edges", {0, 94, 95, 200}}}, true);
        if (!general) continue;
        ask("histogram", {{"variable", variable}, {"edges", {5}}});
        ask("histogram", {{"variable", variable}, {"edges", {3, 2, 1}}});
        ask("histogram", {{"variable", variable}, {"edges", {-1e300, 1e300}}});
        ask("histogram", {{"variable", variable}, {"edges", {"x", "y"}}});
      }
      for (const std::string time : {"survival_days", "psa", "weight", "diagnosis_date", "sex"}) {
        ask("km", {{"filter", only}, {"time", time}, {"grid", {1, 2, 3}}}, true);
        ask("km", {{"filter", only}, {"time", time}, {"grid", {30, 60, 100000}}});
        if (!general) continue;
        ask("km", {{"time", time}, {"grid", json::array()}});
        ask("km", {{"time", time}, {"event", "sex"}, {"event_code", "9"}, {"grid", {30}}});
        ask("km", {{"time", time}, {"group", "postcode"}, {"grid", {30}}});
        ask("km", {{"time", time}, {"group", "psa"}, {"grid", {30}}});
        ask("km", {{"time", time}, {"group", "topography"}, {"grid", {0.5, 0.25}}});
      }
      // Wrong types and literals that are no value of their variable.
      if (!general) continue;
      ask("count", {{"dataset", 5}});
      ask("count", {{"filter", 7}});
      ask("count", {{"mode", 3}, {"filter", only}});
      ask("count", {{"min_cell_size", "1"}});
      ask("count", {{"filter", "diagnosis_date = 'not a date'"}});
      ask("count", {{"filter", "psa > 'abc'"}});
      ask("count", {{"filter", "topography = 'C99.9'"}});
      ask("count", {{"filter", "postcode = 'AB 123'"}});
      ask("count", {{"filter", "psa is missing or ("}});
    }
    // Decryption with contributions that are not, and a proof for nothing.
    const std::string query_id = random_id();
    post(k, "/query/count", {{"dataset", "registry"}, {"purpose", kPurpose}, {"mode", "encrypted"}, {"query_id", query_id},
                             {"filter", only}});
    post(k, "/secure/partial", {{"query_id", query_id}, {"mode", "decrypt"}, {"decryptors", {1, 2}},
                                {"contributions", {{{"statement", "x"}, {"signature", "y"}, {"c1", json::object()}}}}});
    post(k, "/secure/partial", {{"query_id", query_id}, {"mode", "key_switch"}, {"contributions", 3}});
    post(k, "/secure/partial/proof", {{"query_id", query_id}, {"challenge", {{"c", "d"}}}});
    post(k, "/secure/dkg/start", {{"session", "s"}, {"participants", testing::site_names()}, {"threshold", 2}, {"index", k}}, true);
    post(k, "/secure/dkg/deal", {{"session", "s"}, {"recipient", "x"}}, true);
    post_text(k, "/query/count", "{\"dataset\": ");
    post_text(k, "/query/count", "[1, 2]");
    get(k, "/catalog");
  }

  void models(const DrawnPatient& p) {
    const int k = p.site;
    const std::string only = one_patient(p);
    const json glm_round = {{"beta", {0.1, 0.01}}};
    const json cox_summary = {{"step", "summary"}, {"grid_step", 1}, {"grid_max", 100000}, {"stratified", false}};
    const json cox_derivatives = {{"step", "derivatives"}, {"times", {1, 2, 3}}, {"beta", {0.0}}, {"center", {0.0}}};
    const std::vector<std::pair<json, json>> fits = {
        {{{"type", "glm"}, {"family", "binomial"}, {"formula", "psa ~ age_dx"}}, glm_round},
        {{{"type", "glm"}, {"family", "binomial"}, {"formula", "weight ~ tumour_size_mm"}}, glm_round},
        {{{"type", "glm"}, {"family", "poisson"}, {"formula", "bmi ~ age_dx"}}, glm_round},
        {{{"type", "glm"}, {"family", "gaussian"}, {"formula", "complete_response ~ psa"}}, glm_round},
        {{{"type", "glm"}, {"family", "binomial"}, {"formula", "complete_response ~ postcode"}}, glm_round},
        {{{"type", "glm"}, {"family", "binomial"}, {"formula", "complete_response ~ offset(log(cea))"}}, glm_round},
        {{{"type", "cox"}, {"formula", "Surv(psa, event) ~ age_dx"}, {"stratified", false}}, cox_summary},
        {{{"type", "cox"}, {"formula", "Surv(survival_days, vital_status) ~ weight"}}, cox_derivatives},
        {{{"type", "cox"}, {"formula", "Surv(weight, sex) ~ age_dx"}}, cox_derivatives},
        {{{"type", "cox"}, {"formula", "Surv(weight, event) ~ age_dx"}, {"stratified", false}},
         {{"step", "summary"}, {"grid_step", 30}, {"grid_max", 0}, {"stratified", false}}},
        {{{"type", "cox"}, {"formula", "Surv(survival_days, event) ~ cea"}, {"stratified", false}}, cox_summary},
    };
    for (const std::string dataset : {"registry", "exact"}) {
      for (const auto& [model, round] : fits) {
        for (const std::string& filter : {only, std::string()}) {
          post(k, "/model/round/advertise", {{"aggregation", random_id()}, {"dataset", dataset}, {"purpose", kPurpose},
                                              {"model", model}, {"round", round}, {"filter", filter},
                                              {"participants", testing::site_names()}, {"threshold", 2}, {"index", k}});
        }
      }
    }
    post(k, "/model/round/share", {{"aggregation", "nope"}, {"advertised", json::array()}});
    post(k, "/model/round/mask", {{"aggregation", "nope"}, {"shares", 1}});
  }

  void beacon(const DrawnPatient& p) {
    const int k = p.site;
    const std::string date = p.value_of("diagnosis_date");
    get(k, "/api/info");
    get(k, "/api/map");
    get(k, "/api/filtering_terms");
    get(k, fmt::format("/api/individuals?filters=diagnosis_date={}&requestedGranularity=count&purpose=HMB", date));
    get(k, "/api/individuals?filters=psa&purpose=HMB");
    const std::vector<json> filters = {
        {{{"id", "diagnosis_date"}, {"value", date}}},
        {{{"id", "diagnosis_date"}, {"value", date}}, {{"id", "age_dx"}, {"value", p.value_of("age_dx")}}},
        {{{"id", "sex] = '1' or [sex"}, {"value", "2"}}},
        {{{"id", "psa"}, {"operator", ">"}, {"value", "abc"}}},
        {{{"id", "postcode"}, {"value", "AB 123"}}},
        {{{"id", "diagnosis_date"}, {"operator", "~"}, {"value", date}}},
    };
    for (const auto& f : filters) {
      for (const std::string granularity : {"count", "boolean", "record"}) {
        post(k, "/api/individuals", {{"purpose", kPurpose},
                                     {"query", {{"filters", f}, {"requestedGranularity", granularity},
                                                {"requestParameters", {{"datasetId", "registry"}}}}}});
      }
    }
  }

  testing::PolicyFederation nodes_;
  std::vector<DrawnPatient> patients_;
  secure::CollectiveKey key_;
  std::vector<std::unique_ptr<WireClient>> alice_, relay_;
  std::vector<Exchange> exchanges_;
};

class NoDataValuesTest : public ::testing::Test {
 protected:
  void check(Channel channel) {
    const std::uint64_t seed = testing::leak_seed();
    std::cout << "drawing patients with seed " << seed << " (replay: ONCOSHARE_LEAK_SEED=" << seed << ")\n";
    RecordProperty("seed", std::to_string(seed));
    HostileSession session(dir_.str(), seed);
    session.run(channel);
    if (const char* path = std::getenv("ONCOSHARE_LEAK_DUMP")) session.dump(path);
    // The session reached the nodes and had values to look for.
    EXPECT_GT(session.exchanges(), 50u);
    EXPECT_GT(session.checked_values(), kDrawn * 5);
    const auto leaks = session.leaks();
    EXPECT_TRUE(leaks.empty()) << leaks.size() << " values of drawn patients left a node (seed " << seed << "):\n"
                               << fmt::format("{}", fmt::join(leaks, "\n"));
  }
  node::testing::ScratchDir dir_;
};

TEST_F(NoDataValuesTest, QueriesDecryptionAndCatalog) { check(Channel::queries); }
TEST_F(NoDataValuesTest, ModelRounds) { check(Channel::models); }
TEST_F(NoDataValuesTest, Beacon) { check(Channel::beacon); }

}  // namespace
}  // namespace oncoshare::coordinator
