// libFuzzer target for the audit log reader: the bytes are split into lines, each parsed by
// the per-line parser and followed through the chain rules (with a fixed Ed25519 key). Any
// input gives a summary or an error naming the line, never a crash.
#include <openssl/evp.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "node/detail/audit_chain.hpp"

namespace detail = oncoshare::node::detail;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static EVP_PKEY* const key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  detail::ChainChecker chain(key, "fuzz.log");
  for (std::uint64_t line_no = 1; !rest.empty(); ++line_no) {
    const std::size_t end = rest.find('\n');
    const std::string_view text = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    auto line = detail::parse_audit_line(text, {"fuzz.log", line_no});
    if (!line || !chain.add(*line, line_no)) return 0;
  }
  (void)chain.finish(data[0] % 2 == 0);
  return 0;
}
