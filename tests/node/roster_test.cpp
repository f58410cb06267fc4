// The roster binds each node name to a pinned certificate of the federation CA: entries
// naming the wrong holder, a researcher or another CA's certificate are refused at start,
// and only the pinned key's signatures count for a name.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "node/config.hpp"
#include "node/node_test_support.hpp"
#include "node/roster.hpp"

namespace oncoshare::node {
namespace {

const testing::TestFederation& world() {
  static const testing::TestFederation w = [] {
    auto made = testing::make_test_federation("oncoshare-node-roster", {{Role::node, "site_1"}, {Role::node, "site_2"},
                                                                         {Role::researcher, "alice"}},
                                              1, 20, 3);
    EXPECT_TRUE(init_ca(made.dir + "/other", "Other", KeyAlgorithm::ed25519));
    EXPECT_TRUE(issue_certificate(made.dir + "/other", IssueRequest{Role::node, "site_3"}, made.dir + "/other-certs"));
    return made;
  }();
  return w;
}

std::string load_error(const std::vector<RosterEntry>& entries) {
  auto roster = Roster::load(entries, world().ca(), "node.toml");
  return roster ? "" : roster.error().to_string();
}

TEST(RosterTest, EntriesMustBeTheNodeCertificatesOfTheirNamesFromTheFederationCa) {
  EXPECT_EQ(load_error({{"site_1", world().cert("site_1")}, {"site_2", world().cert("site_2")}}), "");
  EXPECT_EQ(load_error({{"site_1", world().cert("site_2")}}),
            fmt::format("node.toml: field 'roster[0].certificate': {} is the certificate of node 'site_2', not of node 'site_1'",
                        world().cert("site_2")));
  EXPECT_EQ(load_error({{"alice", world().cert("alice")}}),
            fmt::format("node.toml: field 'roster[0].certificate': {} is the certificate of researcher 'alice', not of node 'alice'",
                        world().cert("alice")));
  EXPECT_NE(load_error({{"site_3", world().dir + "/other-certs/site_3.crt"}}).find("does not verify against CA"),
            std::string::npos);
}

TEST(RosterTest, OnlyThePinnedKeySignsForAName) {
  auto roster = Roster::load({{"site_1", world().cert("site_1")}, {"site_2", world().cert("site_2")}}, world().ca(), "node.toml");
  ASSERT_TRUE(roster);
  EXPECT_EQ(roster->names(), (std::vector<std::string>{"site_1", "site_2"}));
  auto site_1 = StatementSigner::open(world().key("site_1"));
  auto site_2 = StatementSigner::open(world().key("site_2"));
  ASSERT_TRUE(site_1 && site_2);
  const SignedStatement statement = *site_1->sign("{\"a\":1}");
  EXPECT_TRUE(roster->verify("site_1", statement));
  EXPECT_EQ(roster->verify("site_2", statement).error().message, "the signature of node 'site_2' does not verify");
  EXPECT_EQ(roster->verify("site_9", statement).error().message, "'site_9' is not on this node's roster");
  SignedStatement edited = statement;
  edited.text = "{\"a\":2}";
  EXPECT_EQ(roster->verify("site_1", edited).error().message, "the signature of node 'site_1' does not verify");
  EXPECT_TRUE(verify_statement(statement, testing::read_file(world().cert("site_1"))));
  EXPECT_FALSE(verify_statement(*site_2->sign("{\"a\":1}"), testing::read_file(world().cert("site_1"))));
}

TEST(RosterTest, TheConfigListsThisNodeAndNoNameTwice) {
  const std::string head = "[node]\nname = \"site_1\"\nlisten = \"127.0.0.1:0\"\naudit_log = \"a\"\ndp_ledger = \"d\"\n"
                           "key_share = \"k\"\n[tls]\ncert = \"c\"\nkey = \"k\"\nca = \"ca\"\n";
  auto without_self = parse_config(head + roster_toml({"site_2"}, "/certs"), "node.toml", "");
  ASSERT_FALSE(without_self);
  EXPECT_EQ(without_self.error().message, "roster: the roster must list this node ('site_1') too");
  auto twice = parse_config(head + roster_toml({"site_1", "site_1"}, "/certs"), "node.toml", "");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().message, "roster[1].name: node 'site_1' is listed twice");
  auto fine = parse_config(head + roster_toml({"site_1", "site_2"}, "/certs"), "node.toml", "");
  ASSERT_TRUE(fine) << fine.error().to_string();
  EXPECT_EQ(fine->roster.at(1).certificate, "/certs/site_2.crt");
}

}  // namespace
}  // namespace oncoshare::node
