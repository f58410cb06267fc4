#include "node/duo.hpp"

#include "node_test_support.hpp"

namespace oncoshare::node {
namespace {

using testing::ScratchDir;
using testing::write_file;

constexpr const char* kBreast = "MONDO:0007254";
constexpr const char* kBreastCarcinoma = "MONDO:0004989";
constexpr const char* kLung = "MONDO:0008903";
constexpr const char* kNsclc = "MONDO:0005233";

Purpose use(PrimaryUse primary, std::string disease = "") {
  Purpose p;
  p.use = primary;
  p.disease = std::move(disease);
  return p;
}
Purpose ds(const char* disease) { return use(PrimaryUse::disease, disease); }

struct Case {
  const char* name;
  const char* consent;
  Purpose purpose;
  const char* expected;  // the full explanation
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

Purpose with(Purpose p, void (*edit)(Purpose&)) {
  edit(p);
  return p;
}

const Case kCases[] = {
    // Permission hierarchy DS ⊂ HMB ⊂ GRU (Algorithms.md: DS-X matches GRU, HMB, DS-X or a parent of X).
    {"GruAllowsDisease", "GRU", ds(kBreast), "allowed: consent 'GRU' permits this purpose"},
    {"GruAllowsGeneral", "DUO:0000042", use(PrimaryUse::general), "allowed: consent 'GRU' permits this purpose"},
    {"HmbAllowsDisease", "HMB", ds(kLung), "allowed: consent 'HMB' permits this purpose"},
    {"HmbAllowsHealth", "HMB", use(PrimaryUse::health), "allowed: consent 'HMB' permits this purpose"},
    {"HmbRefusesGeneral", "HMB", use(PrimaryUse::general),
     "refused: HMB (DUO:0000006) allows health, medical or biomedical research only; the purpose is general research"},
    {"DsExact", "DS:MONDO:0007254", ds(kBreast), "allowed: consent 'DS:MONDO:0007254' permits this purpose"},
    {"DsParentDiseaseAllowsChild", "DS:MONDO:0007254", ds(kBreastCarcinoma),
     "allowed: consent 'DS:MONDO:0007254' permits this purpose"},
    {"DsCancerRootAllowsGrandchild", "DUO:0000007:MONDO:0004992", ds(kNsclc),
     "allowed: consent 'DS:MONDO:0004992' permits this purpose"},
    {"DsChildDoesNotAllowParent", "DS:MONDO:0004989", ds(kBreast),
     "refused: DS (DUO:0000007) allows research on MONDO:0004989 (breast carcinoma) and its subtypes; "
     "MONDO:0007254 (breast cancer) is not one of them"},
    {"DsOtherDisease", "DS:MONDO:0007254", ds(kLung),
     "refused: DS (DUO:0000007) allows research on MONDO:0007254 (breast cancer) and its subtypes; "
     "MONDO:0008903 (lung cancer) is not one of them"},
    {"DsRefusesHmbPurpose", "DS:MONDO:0007254", use(PrimaryUse::health),
     "refused: DS (DUO:0000007) allows research on MONDO:0007254 (breast cancer) only; the purpose is not "
     "disease-specific"},
    {"DsTwoDiseases", "DS:MONDO:0007254 DS:MONDO:0008903", ds(kNsclc),
     "allowed: consent 'DS:MONDO:0007254 DS:MONDO:0008903' permits this purpose"},
    // Population / ancestry research matches GRU and POA only.
    {"AncestryOnGru", "GRU", use(PrimaryUse::ancestry), "allowed: consent 'GRU' permits this purpose"},
    {"AncestryOnPoa", "POA", use(PrimaryUse::ancestry), "allowed: consent 'POA' permits this purpose"},
    {"AncestryOnHmb", "HMB", use(PrimaryUse::ancestry),
     "refused: HMB (DUO:0000006) excludes population origins or ancestry research"},
    {"AncestryOnDs", "DS:MONDO:0007254", use(PrimaryUse::ancestry),
     "refused: DS (DUO:0000007) allows research on MONDO:0007254 (breast cancer) only; the purpose is not "
     "disease-specific"},
    {"PoaRefusesDisease", "POA", ds(kBreast),
     "refused: POA (DUO:0000011) allows population origins or ancestry research only"},
    {"NpoaRefusesAncestry", "GRU NPOA", use(PrimaryUse::ancestry),
     "refused: NPOA (DUO:0000044) prohibits population origins or ancestry research"},
    {"NresAllowsEverything", "NRES", with(use(PrimaryUse::ancestry), [](Purpose& p) { p.clinical_care = true; }),
     "allowed: consent 'NRES' permits this purpose"},
    // Methods development: NMDS false, or NMDS true with a DS match.
    {"MethodsOnGru", "GRU", with(use(PrimaryUse::general), [](Purpose& p) { p.methods = true; }),
     "allowed: consent 'GRU' permits this purpose"},
    {"MethodsRefusedByNmds", "HMB NMDS", with(ds(kBreast), [](Purpose& p) { p.methods = true; }),
     "refused: NMDS (DUO:0000015) prohibits methods development research unless it is within the consented disease"},
    {"MethodsWithDsMatchUnderNmds", "DS:MONDO:0007254 NMDS", with(ds(kBreastCarcinoma), [](Purpose& p) { p.methods = true; }),
     "allowed: consent 'DS:MONDO:0007254 NMDS' permits this purpose"},
    {"NmdsAllowsNonMethods", "HMB NMDS", ds(kBreast), "allowed: consent 'HMB NMDS' permits this purpose"},
    // Control set: GRU or HMB.
    {"ControlSetOnHmb", "HMB", with(ds(kLung), [](Purpose& p) { p.control_set = true; }),
     "allowed: consent 'HMB' permits this purpose"},
    {"ControlSetOnDs", "DS:MONDO:0008903", with(ds(kLung), [](Purpose& p) { p.control_set = true; }),
     "refused: use as a control set needs GRU or HMB consent; the dataset has DS (DUO:0000007)"},
    // Commercial purpose: NPU and NCU both false.
    {"CommercialOnPlainGru", "GRU", with(ds(kLung), [](Purpose& p) { p.commercial = true; }),
     "allowed: consent 'GRU' permits this purpose"},
    {"NcuRefusesCommercial", "GRU NCU", with(ds(kLung), [](Purpose& p) { p.commercial = true; }),
     "refused: NCU (DUO:0000046) allows non-commercial use only; the purpose is commercial"},
    {"NcuAllowsForProfitNonCommercial", "GRU NCU", with(ds(kLung), [](Purpose& p) { p.for_profit = true; }),
     "allowed: consent 'GRU NCU' permits this purpose"},
    {"NpuRefusesCommercial", "GRU NPU", with(ds(kLung), [](Purpose& p) { p.commercial = true; }),
     "refused: NPU (DUO:0000045) allows not-for-profit use only; the purpose is commercial"},
    {"NpuRefusesForProfit", "GRU NPU", with(ds(kLung), [](Purpose& p) { p.for_profit = true; }),
     "refused: NPU (DUO:0000045) allows not-for-profit organisations only; the requester is for-profit"},
    {"NpuncuRefusesForProfit", "HMB NPUNCU", with(ds(kLung), [](Purpose& p) { p.for_profit = true; }),
     "refused: NPUNCU (DUO:0000018) allows non-commercial use by not-for-profit organisations only; the requester "
     "is for-profit"},
    {"NpuncuRefusesCommercial", "HMB NPUNCU", with(ds(kLung), [](Purpose& p) { p.commercial = true; }),
     "refused: NPUNCU (DUO:0000018) allows non-commercial use by not-for-profit organisations only; the purpose "
     "is commercial"},
    // Attestation modifiers.
    {"IrbWithoutApproval", "HMB IRB", ds(kBreast),
     "refused: IRB (DUO:0000021) requires ethics (IRB) approval, which the request does not declare"},
    {"IrbWithApproval", "HMB IRB", with(ds(kBreast), [](Purpose& p) { p.irb_approved = true; }),
     "allowed: consent 'HMB IRB' permits this purpose"},
    {"GsWrongRegion", "GRU GS:EU", with(ds(kBreast), [](Purpose& p) { p.region = "US"; }),
     "refused: GS (DUO:0000022) restricts use to region 'EU'; the request declares region 'US'"},
    {"GsNoRegion", "GRU GS:EU", ds(kBreast),
     "refused: GS (DUO:0000022) restricts use to region 'EU'; the request declares region none"},
    {"GsRightRegion", "GRU GS:EU", with(ds(kBreast), [](Purpose& p) { p.region = "EU"; }),
     "allowed: consent 'GRU GS:EU' permits this purpose"},
    {"PubRequired", "GRU PUB", ds(kBreast), "refused: PUB (DUO:0000019) requires a commitment to publish the results"},
    {"PubGiven", "GRU PUB", with(ds(kBreast), [](Purpose& p) { p.publication = true; }),
     "allowed: consent 'GRU PUB' permits this purpose"},
    {"ColRequired", "GRU COL", ds(kBreast), "refused: COL (DUO:0000020) requires collaboration with the data provider"},
    {"ColGiven", "GRU COL", with(ds(kBreast), [](Purpose& p) { p.collaboration = true; }),
     "allowed: consent 'GRU COL' permits this purpose"},
    {"MorNotAccepted", "GRU MOR:2026-06-30", ds(kBreast),
     "refused: MOR (DUO:0000024) requires accepting the publication moratorium (until 2026-06-30)"},
    {"MorAccepted", "GRU MOR", with(ds(kBreast), [](Purpose& p) { p.accepts_moratorium = true; }),
     "allowed: consent 'GRU MOR' permits this purpose"},
    {"TsExpired", "GRU TS:2024-12-31", with(ds(kBreast), [](Purpose& p) { p.date = "2025-01-10"; }),
     "refused: TS (DUO:0000025) allowed use until 2024-12-31; the request is dated 2025-01-10"},
    {"TsOnLastDay", "GRU TS:2024-12-31", with(ds(kBreast), [](Purpose& p) { p.date = "2024-12-31"; }),
     "allowed: consent 'GRU TS:2024-12-31' permits this purpose"},
    {"TsUndated", "GRU TS:2024-12-31", ds(kBreast),
     "refused: TS (DUO:0000025) allows use until 2024-12-31; the request carries no date"},
    {"UsOtherUser", "GRU US:alice", with(ds(kBreast), [](Purpose& p) { p.user = "bob"; }),
     "refused: US (DUO:0000026) restricts use to user 'alice'; the request declares 'bob'"},
    {"UsSameUser", "GRU US:alice", with(ds(kBreast), [](Purpose& p) { p.user = "alice"; }),
     "allowed: consent 'GRU US:alice' permits this purpose"},
    {"PsNoProject", "GRU PS:km-2025", ds(kBreast),
     "refused: PS (DUO:0000027) restricts use to project 'km-2025'; the request declares none"},
    {"IsOtherInstitution", "GRU IS:ucl", with(ds(kBreast), [](Purpose& p) { p.institution = "kcl"; }),
     "refused: IS (DUO:0000028) restricts use to institution 'ucl'; the request declares 'kcl'"},
    {"RsPediatric", "GRU RS:PD", with(ds(kBreast), [](Purpose& p) { p.research_type = "PD"; }),
     "allowed: consent 'GRU RS:PD' permits this purpose"},
    {"RsOtherType", "GRU RS:PD", ds(kBreast),
     "refused: RS (DUO:0000012) restricts use to research type 'PD'; the request declares none"},
    {"RtnRequired", "GRU RTN", ds(kBreast), "refused: RTN (DUO:0000029) requires returning derived data to the provider"},
    {"GsoRequiresGenetic", "GRU GSO", ds(kBreast), "refused: GSO (DUO:0000016) allows genetic studies only"},
    {"GsoGenetic", "GRU GSO", with(ds(kBreast), [](Purpose& p) { p.genetic = true; }),
     "allowed: consent 'GRU GSO' permits this purpose"},
    {"ClinicalCareNeedsCc", "GRU", with(ds(kBreast), [](Purpose& p) { p.clinical_care = true; }),
     "refused: clinical care use needs the CC (DUO:0000043) modifier, which the consent lacks"},
    {"ClinicalCareWithCc", "HMB CC", with(ds(kBreast), [](Purpose& p) { p.clinical_care = true; }),
     "allowed: consent 'HMB CC' permits this purpose"},
    // Every failing rule is reported, in order.
    {"SeveralRefusals", "DS:MONDO:0007254 IRB NCU GS:EU", with(ds(kLung), [](Purpose& p) { p.commercial = true; }),
     "refused: DS (DUO:0000007) allows research on MONDO:0007254 (breast cancer) and its subtypes; MONDO:0008903 "
     "(lung cancer) is not one of them; IRB (DUO:0000021) requires ethics (IRB) approval, which the request does "
     "not declare; NCU (DUO:0000046) allows non-commercial use only; the purpose is commercial; GS (DUO:0000022) "
     "restricts use to region 'EU'; the request declares region none"},
};

class DuoMatch : public ::testing::TestWithParam<Case> {};

TEST_P(DuoMatch, Decides) {
  const Case& c = GetParam();
  auto consent = parse_consent(c.consent);
  ASSERT_TRUE(consent) << consent.error().to_string();
  DuoDecision decision = match(*consent, c.purpose, DiseaseTree::builtin());
  EXPECT_EQ(decision.explanation, c.expected);
  EXPECT_EQ(decision.allowed, std::string_view(c.expected).rfind("allowed", 0) == 0);
  EXPECT_EQ(decision.allowed, decision.refused_by.empty());
}

INSTANTIATE_TEST_SUITE_P(Rules, DuoMatch, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Duo, RefusedByNamesTheRules) {
  auto consent = parse_consent("DS:MONDO:0007254 IRB NCU GS:EU");
  ASSERT_TRUE(consent);
  Purpose p = ds(kLung);
  p.commercial = true;
  DuoDecision decision = match(*consent, p, DiseaseTree::builtin());
  EXPECT_EQ(decision.refused_by, (std::vector<std::string>{"DS", "IRB", "NCU", "GS"}));
}

TEST(Duo, ParsesTermsByIdOrShorthand) {
  EXPECT_EQ(*parse_duo_term("DUO:0000042"), DuoTerm::gru);
  EXPECT_EQ(*parse_duo_term("gru"), DuoTerm::gru);
  EXPECT_EQ(*parse_duo_term("NPUNCU"), DuoTerm::npuncu);
  EXPECT_EQ(*parse_duo_term("DUO:0000043"), DuoTerm::cc);
  auto consent = parse_consent("DUO:0000007:MONDO:0007254, DUO:0000021 DUO:0000022:EU");
  ASSERT_TRUE(consent);
  EXPECT_EQ(to_string(*consent), "DS:MONDO:0007254 IRB GS:EU");
}

TEST(Duo, RejectsMalformedConsent) {
  const std::pair<const char*, const char*> cases[] = {
      {"GRU HMB", "consent 'GRU HMB': two permissions (GRU and HMB); a dataset has exactly one"},
      {"IRB", "consent 'IRB': no permission term (NRES, GRU, HMB, DS or POA)"},
      {"DS IRB", "consent 'DS IRB': DS needs an argument, e.g. DS:MONDO:0007254"},
      {"GRU GS", "consent 'GRU GS': GS needs an argument, e.g. GS:VALUE"},
      {"GRU XYZ", "consent 'GRU XYZ': unknown DUO term 'XYZ'"},
      {"GRU IRB:yes", "consent 'GRU IRB:yes': IRB takes no argument, got 'yes'"},
      {"GRU TS:soon", "consent 'GRU TS:soon': TS needs a date YYYY-MM-DD, got 'soon'"},
  };
  for (const auto& [text, message] : cases) {
    auto consent = parse_consent(text);
    ASSERT_FALSE(consent) << text;
    EXPECT_EQ(consent.error().message, message);
  }
}

TEST(Duo, ParsesPurposeJson) {
  auto purpose = parse_purpose(nlohmann::json::parse(
      R"({"use": "DS:MONDO:0007254", "methods": true, "commercial": false, "irb_approved": true,
          "region": "EU", "publication": true, "date": "2025-03-01", "user": "alice"})"));
  ASSERT_TRUE(purpose) << purpose.error().to_string();
  EXPECT_EQ(purpose->use, PrimaryUse::disease);
  EXPECT_EQ(purpose->disease, kBreast);
  EXPECT_TRUE(purpose->methods);
  EXPECT_TRUE(purpose->irb_approved);
  EXPECT_EQ(purpose->region, "EU");
  EXPECT_EQ(purpose->user, "alice");
  EXPECT_EQ(parse_purpose(nlohmann::json{{"use", "POA"}})->use, PrimaryUse::ancestry);
  EXPECT_EQ(parse_purpose(nlohmann::json{{"use", "HMB"}})->use, PrimaryUse::health);
}

TEST(Duo, RejectsMalformedPurpose) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"use": "DS"})", "field 'use': purpose: use 'DS' is not GRU, HMB, POA or DS:<disease>"},
      {R"({"use": "NCU"})", "field 'use': purpose: use 'NCU' is not GRU, HMB, POA or DS:<disease>"},
      {R"({"methods": "yes"})", "field 'methods': purpose: field 'methods' must be true or false"},
      {R"({"region": 3})", "field 'region': purpose: field 'region' must be a string"},
      {R"({"profit": true})", "field 'profit': purpose: unknown field 'profit'"},
      {R"({"date": "01/02/2025"})", "field 'date': purpose: date '01/02/2025' is not YYYY-MM-DD"},
      {R"([1])", "purpose: expected a JSON object"},
  };
  for (const auto& [text, message] : cases) {
    auto purpose = parse_purpose(nlohmann::json::parse(text));
    ASSERT_FALSE(purpose) << text;
    EXPECT_EQ(purpose.error().to_string(), message);
  }
}

TEST(Duo, DiseaseTreeExtendsFromFile) {
  ScratchDir dir;
  write_file(dir / "tree.csv",
             "# child,parent,label\nMONDO:0006256, MONDO:0004989, invasive breast carcinoma\n\n");
  DiseaseTree tree = DiseaseTree::builtin();
  EXPECT_FALSE(tree.is_a("MONDO:0006256", kBreast));
  ASSERT_TRUE(tree.load(dir / "tree.csv"));
  EXPECT_TRUE(tree.is_a("MONDO:0006256", kBreast));
  EXPECT_TRUE(tree.is_a("MONDO:0006256", "MONDO:0004992"));
  EXPECT_FALSE(tree.is_a(kBreast, "MONDO:0006256"));
  EXPECT_EQ(tree.describe("MONDO:0006256"), "MONDO:0006256 (invasive breast carcinoma)");
  auto consent = parse_consent("DS:MONDO:0007254");
  EXPECT_TRUE(match(*consent, ds("MONDO:0006256"), tree).allowed);
  EXPECT_FALSE(match(*consent, ds("MONDO:0006256"), DiseaseTree::builtin()).allowed);
}

TEST(Duo, DiseaseTreeFileErrorsNameTheLine) {
  ScratchDir dir;
  write_file(dir / "bad.csv", "MONDO:1,MONDO:2\nMONDO:3\n");
  DiseaseTree tree;
  core::Status status = tree.load(dir / "bad.csv");
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().to_string(), dir / "bad.csv" + ":2: expected 'child,parent[,label]', got 'MONDO:3'");
  write_file(dir / "cycle.csv", "MONDO:0004992,MONDO:0007254\n");
  DiseaseTree builtin = DiseaseTree::builtin();
  core::Status cycle = builtin.load(dir / "cycle.csv");
  ASSERT_FALSE(cycle);
  EXPECT_EQ(cycle.error().to_string(),
            dir / "cycle.csv" + ":1: edge MONDO:0004992 -> MONDO:0007254 would make a cycle");
}

}  // namespace
}  // namespace oncoshare::node
