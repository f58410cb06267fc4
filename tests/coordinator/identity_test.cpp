// A server at a node's address must prove with its certificate that it is that node. A node
// configured under the listed name but serving another site's certificate, the certificate of
// a site outside the study, a researcher's certificate or one from another CA is refused by
// the study, by the key-generation relay and by `study keygen`, naming the address, the name
// the study expects and the certificate presented.
#include "coordinator/federation_support.hpp"

namespace oncoshare::coordinator {
namespace {

using testing::Federation3;

class IdentityTest : public ::testing::Test {
 protected:
  node::testing::ScratchDir dir_;
};

// Site 1's node, named site_1 in its configuration and catalog, but serving with the
// certificate <tls_stem>.crt.
class Impostor : public node::testing::ServingNode {
 public:
  Impostor(const std::string& state, const std::string& tls_stem)
      : ServingNode(config(state, tls_stem), state) {}

 private:
  static std::string config(const std::string& state, const std::string& tls_stem) {
    std::filesystem::create_directories(state);
    return testing::node_toml(1, state, /*plaintext=*/true, tls_stem);
  }
};

// A node certificate for 'site_1' from a CA outside the federation, made once per process.
std::string foreign_site_1() {
  static const std::string stem = [] {
    const std::string dir = testing::world().dir + "/foreign";
    EXPECT_TRUE(node::init_ca(dir + "/ca", "Foreign", node::KeyAlgorithm::ed25519));
    EXPECT_TRUE(node::issue_certificate(dir + "/ca", node::IssueRequest{node::Role::node, "site_1"}, dir));
    return dir + "/site_1";
  }();
  return stem;
}

struct Presented {
  std::string tls_stem;  // the certificate the server at site_1's address presents
  std::string refusal;   // why the client refuses it
};

std::vector<Presented> impostors() {
  const std::string certs = testing::world().dir + "/certs/";
  return {{certs + "site_2", "the server's certificate is for 'site_2', not 'site_1'"},
          {certs + "site_x", "the server's certificate is for 'site_x', not 'site_1'"},
          {certs + "alice", "the server's certificate is for researcher 'alice', not for a node"},
          {foreign_site_1(),
           "the server's certificate does not chain to the federation CA: unable to get local issuer certificate"}};
}

std::string refused(int port, const std::string& refusal) {
  return fmt::format("node 'site_1' (127.0.0.1:{}): {}", port, refusal);
}

TEST_F(IdentityTest, AStudyRefusesAServerThatIsNotTheListedNode) {
  Federation3 nodes(dir_ / "nodes");
  for (const auto& presented : impostors()) {
    Impostor impostor(dir_ / "impostor", presented.tls_stem);
    const std::vector<int> ports{impostor.port(), nodes.port(2), nodes.port(3)};
    auto spec = testing::study(ports, "plaintext", "[[query]]\ntype = \"count\"\n");
    // Not taken for an unreachable node and left out: the study stops.
    ASSERT_FALSE(spec.require_all_nodes);
    auto result = run_study(spec);
    ASSERT_FALSE(result) << presented.tls_stem;
    EXPECT_EQ(result.error().code, core::ErrorCode::check_failed);
    EXPECT_EQ(result.error().message, refused(impostor.port(), presented.refusal));
    impostor.stop();
    std::filesystem::remove_all(dir_ / "impostor");
  }
}

TEST_F(IdentityTest, KeyGenerationRefusesAServerThatIsNotTheListedNode) {
  Federation3 nodes(dir_ / "nodes", /*plaintext=*/false);
  Impostor impostor(dir_ / "impostor", testing::world().dir + "/certs/site_2");
  const std::vector<int> ports{impostor.port(), nodes.port(2), nodes.port(3)};
  const std::string refusal = refused(impostor.port(), "the server's certificate is for 'site_2', not 'site_1'");

  Federation federation = testing::federation_of("coordinator", ports);
  std::vector<NodeClient> clients;
  for (const auto& node : federation.nodes) clients.emplace_back(federation, node);
  auto key = run_dkg(clients, 2, federation.ca);
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().message, "key generation, step 'catalog': " + refusal);

  node::testing::write_file(dir_ / "federation.toml", testing::federation_toml("coordinator", ports));
  auto keygen = node::testing::run(fmt::format("{} study keygen --federation {} --threshold 2", ONCOSHARE_BINARY,
                                               dir_ / "federation.toml"));
  EXPECT_EQ(keygen.exit_code, 1) << keygen.output;
  EXPECT_EQ(keygen.output, "oncoshare: error: key generation, step 'catalog': " + refusal + "\n");
}

}  // namespace
}  // namespace oncoshare::coordinator
