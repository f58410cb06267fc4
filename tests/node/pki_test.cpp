#include "node/pki.hpp"

#include <sys/stat.h>

#include "node_test_support.hpp"

namespace oncoshare::node {
namespace {

using testing::read_file;
using testing::run;
using testing::ScratchDir;

unsigned mode_of(const std::string& path) {
  struct stat st {};
  ::stat(path.c_str(), &st);
  return st.st_mode & 0777;
}

class PkiTest : public ::testing::TestWithParam<KeyAlgorithm> {
 protected:
  void SetUp() override { ASSERT_TRUE(init_ca(ca_dir(), "Test Federation", GetParam())); }
  std::string ca_dir() const { return dir_ / "ca"; }
  std::string ca_cert() const { return dir_ / "ca/ca.crt"; }
  IssuedFiles issue(Role role, const std::string& name, int days = 30) {
    IssueRequest request{role, name, days, GetParam(), {}};
    auto files = issue_certificate(ca_dir(), request, dir_ / "out");
    EXPECT_TRUE(files) << files.error().to_string();
    return files ? *files : IssuedFiles{};
  }
  ScratchDir dir_;
};

TEST_P(PkiTest, CaFilesHaveSafeModesAndAreSelfSigned) {
  EXPECT_EQ(mode_of(dir_ / "ca/ca.key"), 0600u);
  auto verified = run("openssl verify -CAfile " + ca_cert() + " " + ca_cert());
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  auto text = run("openssl x509 -noout -text -in " + ca_cert());
  EXPECT_NE(text.output.find("CA:TRUE, pathlen:0"), std::string::npos) << text.output;
  EXPECT_NE(text.output.find("Subject: O = Test Federation, CN = Test Federation"), std::string::npos);
}

TEST_P(PkiTest, NodeCertificateVerifiesWithOpensslAndCarriesRoleAndNoAddress) {
  IssuedFiles files = issue(Role::node, "node1");
  EXPECT_EQ(mode_of(files.key_path), 0600u);
  auto verified = run("openssl verify -CAfile " + ca_cert() + " " + files.cert_path);
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_EQ(verified.output, files.cert_path + ": OK\n");
  auto text = run("openssl x509 -noout -text -in " + files.cert_path).output;
  EXPECT_NE(text.find("Subject: O = Test Federation, OU = node, CN = node1"), std::string::npos) << text;
  EXPECT_NE(text.find("TLS Web Server Authentication, TLS Web Client Authentication"), std::string::npos);
  EXPECT_EQ(text.find("Subject Alternative Name"), std::string::npos) << text;
  // The purpose check is what TLS servers apply to a node's certificate.
  auto as_server = run("openssl verify -purpose sslserver -CAfile " + ca_cert() + " " + files.cert_path);
  EXPECT_EQ(as_server.exit_code, 0) << as_server.output;
  // Valid for no address: any node certificate used to pass as any loopback server.
  auto loopback = run("openssl verify -verify_ip 127.0.0.1 -CAfile " + ca_cert() + " " + files.cert_path);
  EXPECT_NE(loopback.exit_code, 0) << loopback.output;
  EXPECT_NE(loopback.output.find("IP address mismatch"), std::string::npos) << loopback.output;

  auto identity = peer_identity_pem(read_file(files.cert_path));
  ASSERT_TRUE(identity) << identity.error().to_string();
  EXPECT_EQ(identity->role, Role::node);
  EXPECT_EQ(identity->name, "node1");
  EXPECT_EQ(identity->subject, "CN=node1,OU=node,O=Test Federation");
  EXPECT_TRUE(verify_chain_pem(read_file(files.cert_path), read_file(ca_cert())));
}

TEST_P(PkiTest, ResearcherCertificateIsClientOnly) {
  IssuedFiles files = issue(Role::researcher, "alice");
  auto text = run("openssl x509 -noout -text -in " + files.cert_path).output;
  EXPECT_NE(text.find("OU = researcher, CN = alice"), std::string::npos) << text;
  EXPECT_NE(text.find("X509v3 Extended Key Usage: \n                TLS Web Client Authentication\n"),
            std::string::npos);
  EXPECT_EQ(text.find("TLS Web Server Authentication"), std::string::npos);
  EXPECT_EQ(text.find("Subject Alternative Name"), std::string::npos);
  auto as_client = run("openssl verify -purpose sslclient -CAfile " + ca_cert() + " " + files.cert_path);
  EXPECT_EQ(as_client.exit_code, 0) << as_client.output;
  auto as_server = run("openssl verify -purpose sslserver -CAfile " + ca_cert() + " " + files.cert_path);
  EXPECT_NE(as_server.exit_code, 0) << as_server.output;

  auto identity = peer_identity_pem(read_file(files.cert_path));
  ASSERT_TRUE(identity);
  EXPECT_EQ(identity->role, Role::researcher);
  EXPECT_EQ(identity->name, "alice");
}

TEST_P(PkiTest, CertificateFromAnotherCaFails) {
  IssuedFiles files = issue(Role::node, "node1");
  ASSERT_TRUE(init_ca(dir_ / "other", "Other Federation", GetParam()));
  std::string other = dir_ / "other/ca.crt";
  auto verified = run("openssl verify -CAfile " + other + " " + files.cert_path);
  EXPECT_NE(verified.exit_code, 0);
  EXPECT_NE(verified.output.find("unable to get local issuer certificate"), std::string::npos);
  core::Status status = verify_chain_pem(read_file(files.cert_path), read_file(other));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, core::ErrorCode::check_failed);
  EXPECT_EQ(status.error().message,
            "certificate 'CN=node1,OU=node,O=Test Federation' does not verify against CA "
            "'CN=Other Federation,O=Other Federation': unable to get local issuer certificate");
}

TEST_P(PkiTest, ExpiredCertificateFails) {
  IssuedFiles files = issue(Role::researcher, "bob", -1);
  auto verified = run("openssl verify -CAfile " + ca_cert() + " " + files.cert_path);
  EXPECT_NE(verified.exit_code, 0);
  EXPECT_NE(verified.output.find("certificate has expired"), std::string::npos) << verified.output;
  core::Status status = verify_chain_pem(read_file(files.cert_path), read_file(ca_cert()));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().message,
            "certificate 'CN=bob,OU=researcher,O=Test Federation' does not verify against CA "
            "'CN=Test Federation,O=Test Federation': certificate has expired");
}

TEST_P(PkiTest, ValidCertificateFailsAtAFutureTime) {
  IssuedFiles files = issue(Role::node, "node2", 10);
  std::time_t in_eleven_days = std::time(nullptr) + 11 * 86400;
  EXPECT_TRUE(verify_chain_pem(read_file(files.cert_path), read_file(ca_cert())));
  EXPECT_FALSE(verify_chain_pem(read_file(files.cert_path), read_file(ca_cert()), in_eleven_days));
}

INSTANTIATE_TEST_SUITE_P(Algorithms, PkiTest, ::testing::Values(KeyAlgorithm::ed25519, KeyAlgorithm::p256),
                         [](const auto& info) {
                           return info.param == KeyAlgorithm::ed25519 ? "ed25519" : "p256";
                         });

TEST(Pki, RefusesToOverwriteACaOrAKey) {
  ScratchDir dir;
  ASSERT_TRUE(init_ca(dir / "ca", "A", KeyAlgorithm::ed25519));
  core::Status again = init_ca(dir / "ca", "B", KeyAlgorithm::ed25519);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().to_string(), dir / "ca/ca.key" + ": already exists; refusing to replace a key or certificate (--force replaces it and keeps the old file as ca.key.bak)");
  IssueRequest request{Role::node, "n1", 30, KeyAlgorithm::ed25519, {}};
  ASSERT_TRUE(issue_certificate(dir / "ca", request, dir.str()));
  auto twice = issue_certificate(dir / "ca", request, dir.str());
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().to_string(), dir / "n1.key" + ": already exists; refusing to replace a key or certificate (--force replaces it and keeps the old file as n1.key.bak)");
}

TEST(Pki, RejectsBadNamesAndAlgorithms) {
  ScratchDir dir;
  ASSERT_TRUE(init_ca(dir / "ca", "A", KeyAlgorithm::ed25519));
  IssueRequest request{Role::researcher, "../evil", 30, KeyAlgorithm::ed25519, {}};
  auto issued = issue_certificate(dir / "ca", request, dir.str());
  ASSERT_FALSE(issued);
  EXPECT_EQ(issued.error().message, "invalid researcher name '../evil' (use letters, digits, '.', '_', '-')");
  auto algorithm = parse_key_algorithm("rsa");
  ASSERT_FALSE(algorithm);
  EXPECT_EQ(algorithm.error().message, "unknown key algorithm 'rsa' (expected ed25519 or p256)");
}

TEST(Pki, SubjectAltNamesAreExactlyTheGivenOnesAndValidated) {
  ScratchDir dir;
  ASSERT_TRUE(init_ca(dir / "ca", "A", KeyAlgorithm::ed25519));
  for (Role role : {Role::node, Role::researcher}) {
    const std::string name(role_name(role));
    IssueRequest request{role, name, 30, KeyAlgorithm::ed25519, {"DNS:a.example", "IP:10.0.0.5", "IP:fd00::1"}};
    auto files = issue_certificate(dir / "ca", request, dir.str());
    ASSERT_TRUE(files) << files.error().to_string();
    EXPECT_EQ(run("openssl x509 -noout -ext subjectAltName -in " + files->cert_path).output,
              "X509v3 Subject Alternative Name: \n    DNS:a.example, IP Address:10.0.0.5, IP Address:FD00:0:0:0:0:0:0:1\n")
        << name;
  }
  for (const std::string bad : {"bogus", "DNS:", "DNS:-a.example", "DNS:a..example", "DNS:a_b", "IP:10.0.0.256",
                                "IP:", "URI:https://a.example", "email:a@example.org", "dns:a.example"}) {
    IssueRequest request{Role::node, "n", 30, KeyAlgorithm::ed25519, {"DNS:ok.example", bad}};
    auto issued = issue_certificate(dir / "ca", request, dir.str());
    ASSERT_FALSE(issued) << bad;
    EXPECT_EQ(issued.error().code, core::ErrorCode::bad_input);
    EXPECT_EQ(issued.error().message, "invalid subjectAltName '" + bad + "' (expected DNS:host.name or IP:address)");
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "n.key"));
}

TEST(Pki, CertificateWithoutRoleIsRejected) {
  ScratchDir dir;
  auto made = run("openssl req -x509 -newkey ed25519 -nodes -subj /CN=x/OU=admin -keyout " + (dir / "k") +
                  " -out " + (dir / "c") + " -days 1");
  ASSERT_EQ(made.exit_code, 0) << made.output;
  auto identity = peer_identity_pem(read_file(dir / "c"));
  ASSERT_FALSE(identity);
  EXPECT_EQ(identity.error().message,
            "certificate 'OU=admin,CN=x' has no role (OU 'admin' is neither node nor researcher)");
}

}  // namespace
}  // namespace oncoshare::node

namespace oncoshare::node {
namespace {

TEST(CaCommand, InitIssueAndUsageErrors) {
  ScratchDir dir;
  const std::string binary = ONCOSHARE_BINARY;
  auto init = run(binary + " ca init --dir " + (dir / "ca") + " --name Demo --algorithm p256");
  EXPECT_EQ(init.exit_code, 0) << init.output;
  EXPECT_EQ(init.output, "CA 'Demo' created in " + (dir / "ca") + " (ca.key mode 0600, ca.crt)\n");
  auto node = run(binary + " ca issue --dir " + (dir / "ca") + " --node site1 --out " + (dir / "certs"));
  EXPECT_EQ(node.exit_code, 0) << node.output;
  EXPECT_EQ(node.output, "node certificate for 'site1': " + (dir / "certs/site1.crt") + " (key " +
                             (dir / "certs/site1.key") + ", mode 0600)\n");
  auto verified = run("openssl verify -CAfile " + (dir / "ca/ca.crt") + " " + (dir / "certs/site1.crt"));
  EXPECT_EQ(verified.exit_code, 0) << verified.output;
  const std::string san_of = "openssl x509 -noout -ext subjectAltName -in ";
  const std::string no_san = "No extensions in certificate\n";  // none of those asked for
  EXPECT_EQ(run(san_of + (dir / "certs/site1.crt")).output, no_san);

  auto with_sans = run(binary + " ca issue --dir " + (dir / "ca") + " --node site2 --out " + (dir / "certs") +
                       " --san DNS:a.example --san IP:10.0.0.5");
  EXPECT_EQ(with_sans.exit_code, 0) << with_sans.output;
  EXPECT_EQ(run(san_of + (dir / "certs/site2.crt")).output,
            "X509v3 Subject Alternative Name: \n    DNS:a.example, IP Address:10.0.0.5\n");
  auto researcher = run(binary + " ca issue --dir " + (dir / "ca") + " --researcher alice --out " + (dir / "certs"));
  EXPECT_EQ(researcher.exit_code, 0) << researcher.output;
  EXPECT_EQ(run(san_of + (dir / "certs/alice.crt")).output, no_san);
  auto bogus = run(binary + " ca issue --dir " + (dir / "ca") + " --node site3 --out " + (dir / "certs") +
                   " --san DNS:a.example --san bogus");
  EXPECT_EQ(bogus.exit_code, 2);
  EXPECT_EQ(bogus.output, "oncoshare: error: invalid subjectAltName 'bogus' (expected DNS:host.name or IP:address)\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "certs/site3.key"));
  auto help = run(binary + " ca issue --help");
  EXPECT_NE(help.output.find("--san"), std::string::npos) << help.output;
  EXPECT_NE(help.output.find("default: none"), std::string::npos) << help.output;

  auto again = run(binary + " ca init --dir " + (dir / "ca"));
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_EQ(again.output, "oncoshare: error: " + (dir / "ca/ca.key") + ": already exists; refusing to replace a key or certificate (--force replaces it and keeps the old file as ca.key.bak)\n");
  auto neither = run(binary + " ca issue --dir " + (dir / "ca"));
  EXPECT_EQ(neither.exit_code, 2);
  EXPECT_EQ(neither.output, "oncoshare: error: give exactly one of --node NAME or --researcher NAME\n");
  auto both = run(binary + " ca issue --dir " + (dir / "ca") + " --node a --researcher b");
  EXPECT_EQ(both.exit_code, 2);
  auto no_ca = run(binary + " ca issue --dir " + (dir / "nope") + " --researcher r");
  EXPECT_EQ(no_ca.exit_code, 2);
  EXPECT_EQ(no_ca.output, "oncoshare: error: " + (dir / "nope/ca.key") + ": cannot open file\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "nope/r.key"));
}

}  // namespace
}  // namespace oncoshare::node
