// Every refusal code a node can return is triggered by some test: the codes are read from
// the node's sources and each must appear in a string literal of a test file under tests/
// that runs nodes (a unit test of a node component does not count).
// A new refusal without a test fails here, naming it and where the node sends it.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "node/node_test_support.hpp"

namespace oncoshare::node {
namespace {

namespace fs = std::filesystem;

// Each code with the HTTP status it is sent with (400 for bad_request) and where it is.
struct Code {
  int status = 0;
  std::string where;  // file:line
};
using Codes = std::map<std::string, Code>;

// Source files under `dir` (recursively) ending in .cpp or .hpp.
std::vector<fs::path> sources_under(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".cpp" || ext == ".hpp")) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string where(const fs::path& file, const std::string& text, std::size_t offset) {
  const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
  return fmt::format("{}:{}", fs::relative(file, ONCOSHARE_SOURCE_DIR).string(), line);
}

// The top-level arguments of the call whose '(' is at `open`, as written (string literals
// and nested calls kept whole).
std::vector<std::string> call_arguments(const std::string& text, std::size_t open) {
  std::vector<std::string> args(1);
  int depth = 0;
  for (std::size_t i = open; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {  // a string literal, escapes included
      const std::size_t start = i;
      for (++i; i < text.size() && text[i] != '"'; ++i) i += text[i] == '\\' ? 1 : 0;
      args.back() += text.substr(start, i - start + 1);
      continue;
    }
    if (c == '(' || c == '{' || c == '[') ++depth;
    if (c == ')' || c == '}' || c == ']') --depth;
    if (depth == 0) break;
    if (depth == 1 && c == ',') {
      args.emplace_back();
    } else if (depth > 1 || c != '(') {
      args.back() += c;
    }
  }
  return args;
}

// The refusal codes of one source file, in the three forms the node writes them:
//   {403, "code", ...}            a Refusal, Reply::refuse({...}) or a returned Refusal;
//   Reply::bad_request(..., "code")  and the default "bad_request" of a one-argument call;
//   {"error", "code"}             a body written by hand (the server's 404 / 413 handler).
void collect_codes(const fs::path& file, Codes& codes) {
  const std::string text = testing::read_file(file.string());
  static const std::regex refusal(R"(\{\s*([1-5][0-9][0-9])\s*,\s*"([a-z0-9_]+)\")");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), refusal); it != std::sregex_iterator(); ++it) {
    codes.emplace((*it)[2].str(), Code{std::stoi((*it)[1].str()), where(file, text, static_cast<std::size_t>(it->position()))});
  }
  static const std::regex literal(R"re(^\s*"([a-z0-9_]+)"\s*$)re");
  for (std::size_t at = text.find("bad_request("); at != std::string::npos; at = text.find("bad_request(", at + 1)) {
    if (at > 0 && (std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '_')) continue;
    const auto args = call_arguments(text, at + std::string("bad_request").size());
    if (args.front().find("std::string") != std::string::npos) continue;  // the declaration or definition
    std::smatch code;
    if (args.size() == 1) {
      codes.emplace("bad_request", Code{400, where(file, text, at)});
    } else if (std::regex_match(args.back(), code, literal)) {
      codes.emplace(code[1].str(), Code{400, where(file, text, at)});
    }
  }
  static const std::regex body(R"re(\{"error",\s*([^}]*)\})re");
  static const std::regex quoted(R"re("([a-z0-9_]+)")re");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), body); it != std::sregex_iterator(); ++it) {
    const std::string value = (*it)[1].str();
    for (auto q = std::sregex_iterator(value.begin(), value.end(), quoted); q != std::sregex_iterator(); ++q) {
      codes.emplace((*q)[1].str(), Code{0, where(file, text, static_cast<std::size_t>(it->position()))});
    }
  }
}

// The model disclosure refusals (models::ModelRefusal, written {"code", reason}), which the
// node sends as 403 with their code (src/node/model_policy.cpp).
void collect_model_codes(Codes& codes) {
  const fs::path file = fs::path(ONCOSHARE_SOURCE_DIR) / "src" / "models" / "model_disclosure.cpp";
  const std::string text = testing::read_file(file.string());
  static const std::regex refusal(R"re(\{\s*"(model_[a-z0-9_]+)"\s*,)re");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), refusal); it != std::sregex_iterator(); ++it) {
    codes.emplace((*it)[1].str(), Code{403, where(file, text, static_cast<std::size_t>(it->position()))});
  }
}

Codes node_refusal_codes() {
  Codes codes;
  for (const auto& file : sources_under(fs::path(ONCOSHARE_SOURCE_DIR) / "src" / "node")) collect_codes(file, codes);
  collect_model_codes(codes);
  return codes;
}

// A test source that talks to a node over the wire: it starts node processes or serving
// nodes through one of the test supports (a unit test of a node component does not).
bool runs_nodes(const std::string& text) {
  static const std::regex serving(
      R"(\b(ServingNode|RunningNode|BeaconNode|PolicyFederation|PolicyNodes|NodeProcesses3|Federation3|Attacker|NodeProcess)\b)");
  return std::regex_search(text, serving);
}

// The contents of every string literal of the test sources under tests/ that run nodes, one
// a line: a code counts as tested when such a test names it in a literal, alone ("code") or
// inside the text it expects ("HTTP 403 code: reason").
std::string test_literals() {
  static const std::regex literal(R"re("((?:[^"\\\n]|\\.)*)")re");
  std::string out;
  for (const auto& file : sources_under(fs::path(ONCOSHARE_SOURCE_DIR) / "tests")) {
    if (file.filename() == "refusal_codes_test.cpp") continue;  // this file names no code to test
    const std::string text = testing::read_file(file.string());
    if (!runs_nodes(text)) continue;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), literal); it != std::sregex_iterator(); ++it) {
      out += (*it)[1].str() + '\n';
    }
  }
  return out;
}

// `code` as a whole word of `text`.
bool names(const std::string& text, const std::string& code) {
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (std::size_t at = text.find(code); at != std::string::npos; at = text.find(code, at + 1)) {
    const std::size_t end = at + code.size();
    if ((at == 0 || !word(text[at - 1])) && (end == text.size() || !word(text[end]))) return true;
  }
  return false;
}

TEST(RefusalCodes, TheExtractionFindsEachFormOfRefusal) {
  const Codes codes = node_refusal_codes();
  // One code of each form, as the node sources write them today.
  ASSERT_TRUE(codes.contains("unknown_dataset"));
  EXPECT_EQ(codes.at("unknown_dataset").status, 404);
  ASSERT_TRUE(codes.contains("noise_out_of_range"));  // bad_request(..., "code") over two lines
  EXPECT_EQ(codes.at("noise_out_of_range").status, 400);
  ASSERT_TRUE(codes.contains("bad_request"));  // the default of a one-argument bad_request
  ASSERT_TRUE(codes.contains("aggregation_id_in_use"));  // a Refusal returned as {409, "...", ...}
  EXPECT_EQ(codes.at("aggregation_id_in_use").status, 409);
  ASSERT_TRUE(codes.contains("payload_too_large"));  // {"error", ...} written by hand
  EXPECT_EQ(codes.at("internal_error").status, 500);
  ASSERT_TRUE(codes.contains("model_too_few_rows"));  // a models::ModelRefusal the node sends
  ASSERT_TRUE(codes.contains("model_outcome_type"));
  EXPECT_EQ(codes.at("model_outcome_type").status, 403);
  EXPECT_FALSE(codes.contains("researcher"));  // a role name, not a code
  EXPECT_GT(codes.size(), 40u);
}

TEST(RefusalCodes, OnlyTestsThatRunNodesCount) {
  const fs::path tests = fs::path(ONCOSHARE_SOURCE_DIR) / "tests";
  EXPECT_TRUE(runs_nodes(testing::read_file((tests / "node" / "server_test.cpp").string())));
  EXPECT_TRUE(runs_nodes(testing::read_file((tests / "coordinator" / "refusal_wire_test.cpp").string())));
  // Unit tests of node components: their literals name codes no node sent them.
  EXPECT_FALSE(runs_nodes(testing::read_file((tests / "node" / "body_limits_test.cpp").string())));
  EXPECT_FALSE(runs_nodes(testing::read_file((tests / "node" / "dp_ledger_test.cpp").string())));
}

// Server faults (5xx: a disk, key or random source failing) are not refusals a request can
// provoke; every other code must be named by a test that runs nodes (over the wire).
TEST(RefusalCodes, EveryRefusalCodeAppearsInSomeTest) {
  const std::string literals = test_literals();
  std::vector<std::string> missing;
  for (const auto& [code, found] : node_refusal_codes()) {
    if (found.status >= 500) continue;
    if (!names(literals, code)) missing.push_back(fmt::format("{} ({})", code, found.where));
  }
  EXPECT_TRUE(missing.empty()) << "refusal codes no test under tests/ names:\n  " << fmt::format("{}", fmt::join(missing, "\n  "));
}

}  // namespace
}  // namespace oncoshare::node
