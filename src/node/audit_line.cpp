// One audit log line on its own: canonical text, hash, and what a signature covers. The
// parser is what the fuzzer drives (fuzz/audit_line_fuzz.cpp).
#include <fmt/format.h>

#include "core/json_text.hpp"
#include "node/detail/audit_chain.hpp"
#include "node/detail/openssl.hpp"

namespace oncoshare::node::detail {

namespace {

std::string text_field(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string canonical_json(const nlohmann::json& value) {
  // Invalid UTF-8 in a peer-supplied field must not abort logging: it is replaced (U+FFFD).
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string seal_line(nlohmann::json& line) {
  line.erase("hash");
  nlohmann::json unsigned_part = line;
  unsigned_part.erase("signature");  // the signature covers the hash, so it cannot be inside it
  std::string hash = sha256_hex(canonical_json(unsigned_part));
  line["hash"] = hash;
  return canonical_json(line);
}

std::string signed_message(std::uint64_t seq, std::string_view time, std::string_view hash) {
  return fmt::format("{}\n{}\n{}\n{}", kAuditFormat, seq, time, hash);
}

bool is_signed_type(std::string_view type) {
  return type == "open" || type == "checkpoint" || type == "reopen" || type == "close";
}

core::Result<AuditLine> parse_audit_line(std::string_view text, const core::Location& where) {
  auto parsed = core::parse_json(text, where);
  if (!parsed) {
    core::Error error = parsed.error();
    error.code = core::ErrorCode::check_failed;  // a log line that does not parse was edited
    return core::fail(std::move(error));
  }
  auto failed = [&](const char* message) { return core::fail(core::Error{core::ErrorCode::check_failed, message, where}); };
  if (!parsed->is_object()) return failed("not a JSON object (entry edited)");
  AuditLine line;
  line.json = std::move(*parsed);
  line.hash = text_field(line.json, "hash");
  nlohmann::json copy = line.json;
  std::string expected_text = seal_line(copy);
  if (line.hash.empty() || copy["hash"] != line.hash || expected_text != text) {
    return failed("line hash does not match its content (entry edited)");
  }
  line.type = text_field(line.json, "type");
  line.prev = text_field(line.json, "prev");
  line.time = text_field(line.json, "time");
  line.signature = text_field(line.json, "signature");
  auto seq = line.json.find("seq");
  line.has_seq = seq != line.json.end() && seq->is_number_unsigned();
  if (line.has_seq) line.seq = seq->get<std::uint64_t>();
  return line;
}

}  // namespace oncoshare::node::detail
