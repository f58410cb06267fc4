// `study run` checks its own certificate, key and CA files before any connection.
#include <gtest/gtest.h>

#include "cli_support.hpp"

namespace oncoshare::cli::test {
namespace {

// Regression: a missing certificate file surfaced as "GET /catalog failed ...: Success".
TEST(StudyCredentials, MissingCertificateIsNamedBeforeAnyConnection) {
  TempDir dir;
  const CommandRun ca = run(dir, "ca init --dir " + dir.path("ca"));
  ASSERT_EQ(ca.exit_code, 0) << ca.err;
  write_file(dir.path("study.toml"),
             "[study]\ndataset = \"registry\"\npurpose = { use = \"HMB\", irb_approved = true }\n"
             "[federation]\nca = \"ca/ca.crt\"\ncert = \"certs/alice.crt\"\nkey = \"certs/alice.key\"\n"
             "[[federation.nodes]]\nname = \"site_1\"\naddress = \"127.0.0.1:9\"\n"
             "[[query]]\nname = \"all\"\ntype = \"count\"\n");
  const CommandRun r = run(dir, "study run " + dir.path("study.toml"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "oncoshare: error: " + dir.path("certs/alice.crt") +
                       ": field 'federation.cert': cannot read this client's certificate file (missing or unreadable)\n");
  EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace oncoshare::cli::test
