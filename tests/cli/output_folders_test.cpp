// --out may replace only an earlier output of the same command (recognised by its
// .oncoshare-output marker), and never a folder or file holding an input of the run.
#include "cli/cli_run.hpp"

namespace oncoshare::cli::test {
namespace {

using OutputFolders = Scratch;

std::string quality_args(const std::string& cohort) {
  return "quality --dictionary " + cohort + "/dictionary.csv --data " + cohort + "/site_1.csv --rules " + cohort +
         "/rules.csv";
}

TEST_F(OutputFolders, EveryOutputFolderCarriesTheMarkerOfItsCommand) {
  const std::string c = cohort();
  EXPECT_EQ(slurp(c + "/.oncoshare-output").substr(0, 36), "oncoshare-output v1\ncommand: synth\nv");
  ASSERT_EQ(run(quality_args(c) + " --out " + path("q")).code, 0);
  EXPECT_EQ(slurp(path("q/.oncoshare-output")).substr(0, 38), "oncoshare-output v1\ncommand: quality\nv");
}

TEST_F(OutputFolders, QualityRefusesTheFolderHoldingItsInputs) {
  const std::string c = cohort();
  const std::string dictionary = slurp(c + "/dictionary.csv");
  const CliRun r = run(quality_args(c) + " --out " + c);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "oncoshare: error: " + c + ": holds the input " + c +
                       "/dictionary.csv; refusing to replace it (choose another folder)\n");
  EXPECT_EQ(slurp(c + "/dictionary.csv"), dictionary);
  EXPECT_TRUE(fs::exists(c + "/site_1.csv"));
}

TEST_F(OutputFolders, AFolderOncoshareDidNotWriteIsRefused) {
  const std::string c = cohort();
  fs::create_directories(path("mine"));
  spit(path("mine/notes.txt"), "keep me");
  const CliRun r = run(quality_args(c) + " --out " + path("mine"));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "oncoshare: error: " + path("mine") +
                       ": is not empty and has no .oncoshare-output marker (oncoshare did not write it); refusing "
                       "to replace it (choose a new or empty folder)\n");
  EXPECT_EQ(slurp(path("mine/notes.txt")), "keep me");
  // An empty folder is fine.
  fs::remove(path("mine/notes.txt"));
  EXPECT_EQ(run(quality_args(c) + " --out " + path("mine")).code, 0);
}

TEST_F(OutputFolders, AnotherCommandsOutputIsRefusedAndTheSameCommandsReplaced) {
  const std::string c = cohort();
  const std::string other = cohort("other");
  const CliRun r = run(quality_args(c) + " --out " + other);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "oncoshare: error: " + other +
                       ": holds the output of 'oncoshare synth', not 'oncoshare quality'; refusing to replace it "
                       "(choose another folder)\n");
  EXPECT_TRUE(fs::exists(other + "/dictionary.csv"));
  ASSERT_EQ(run(quality_args(c) + " --out " + path("q")).code, 0);
  ASSERT_EQ(run(quality_args(c) + " --out " + path("q")).code, 0);
  EXPECT_TRUE(fs::exists(path("q/quality.json")));
  EXPECT_EQ(run("synth --sites 1 --patients 5 --out " + other).code, 0);  // synth replaces its own output
}

TEST_F(OutputFolders, SynthRefusesAFolderWithUnrelatedFiles) {
  fs::create_directories(path("data"));
  spit(path("data/export.csv"), "record_id\n1\n");
  const CliRun r = run("synth --sites 1 --patients 5 --out " + path("data"));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(slurp(path("data/export.csv")), "record_id\n1\n");
}

TEST_F(OutputFolders, FhirRefusesTheFolderHoldingItsInputs) {
  const std::string c = cohort();
  ASSERT_EQ(run("keygen --out " + path("site.key")).code, 0);
  const CliRun r = run("fhir --dictionary " + c + "/dictionary.csv --mapping " + c + "/mapping.csv --data " + c +
                       "/site_1.csv --key-file " + path("site.key") + " --out " + root_.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(": holds the input "), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(path("site.key")));
  EXPECT_TRUE(fs::exists(c + "/site_1.csv"));
}

TEST_F(OutputFolders, PackageNeverReplacesOrNestsInItsInput) {
  fs::create_directories(path("plain/sub"));
  spit(path("plain/a.txt"), "plaintext");
  ASSERT_EQ(run("crypt4gh keygen --kdf none --sk " + path("k.sec") + " --pk " + path("k.pub")).code, 0);
  const std::string pkg = "package --recipient_pk " + path("k.pub") + " --in ";

  CliRun r = run(pkg + path("plain") + " --out " + path("plain"));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "oncoshare: error: " + path("plain") + ": is also an input of this run; refusing to replace it\n");
  EXPECT_EQ(slurp(path("plain/a.txt")), "plaintext");

  r = run(pkg + path("plain") + " --out " + path("plain/sub/pkg"));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "oncoshare: error: " + path("plain/sub/pkg") + ": is inside the input folder " + path("plain") +
                       "; refusing to write there\n");
  EXPECT_FALSE(fs::exists(path("plain/sub/pkg")));

  r = run(pkg + path("plain/sub") + " --out " + path("plain/../plain"));  // the same folder spelled differently
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(slurp(path("plain/a.txt")), "plaintext");

  // Keys are inputs too: a package folder never swallows the recipient key.
  ASSERT_EQ(run(pkg + path("plain") + " --out " + path("pkg")).code, 0);
  fs::rename(path("k.pub"), path("pkg/k.pub"));
  r = run("package --recipient_pk " + path("pkg/k.pub") + " --in " + path("plain") + " --out " + path("pkg"));
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(fs::exists(path("pkg/k.pub")));
}

TEST_F(OutputFolders, SingleFileOutputsNeverOverwriteAnInput) {
  const std::string c = cohort();
  const std::string site = c + "/site_1.csv";
  const std::string data = slurp(site);
  const std::string same = "oncoshare: error: " + site + ": is also an input of this run; refusing to replace it\n";

  CliRun r = run("ingest --dictionary " + c + "/dictionary.csv --data " + site + " --out " + site);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, same);
  r = run(quality_args(c) + " --out " + path("q") + " --min-score 0 --passing-records " + site);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, same);
  EXPECT_FALSE(fs::exists(path("q")));
  // Written inside the report folder, the records would be lost when the folder is replaced.
  r = run(quality_args(c) + " --out " + path("q") + " --min-score 0 --passing-records " + path("q/passing.csv"));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, "oncoshare: error: " + path("q/passing.csv") + ": is inside the output folder " + path("q") +
                       ", which this run replaces; write it elsewhere\n");
  EXPECT_FALSE(fs::exists(path("q")));
  r = run("privacy generalise --dictionary " + c + "/dictionary.csv --quasi sex --data " + site + " --k 2 --out " +
          c + "/../cohort/site_1.csv");
  EXPECT_EQ(r.code, 2);
  ASSERT_EQ(run("crypt4gh keygen --kdf none --sk " + path("k.sec") + " --pk " + path("k.pub")).code, 0);
  r = run("crypt4gh encrypt --recipient_pk " + path("k.pub") + " -i " + site + " -o " + site);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.err, same);
  r = run("crypt4gh encrypt --recipient_pk " + path("k.pub") + " -i " + site + " -o " + path("k.pub"));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(slurp(site), data);
}

TEST_F(OutputFolders, DemoRefusesAFolderItDidNotWrite) {
  fs::create_directories(path("home"));
  spit(path("home/thesis.tex"), "years of work");
  const CliRun r = run("demo --out " + path("home"));
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(slurp(path("home/thesis.tex")), "years of work");
}

}  // namespace
}  // namespace oncoshare::cli::test
