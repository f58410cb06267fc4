// libFuzzer target for the statements nodes sign and peers parse (contributions to an
// aggregate, SecAgg advertisements): any bytes give a statement or an error naming the
// field, never a crash. The first byte picks the parser.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "node/advertisement.hpp"
#include "node/contribution.hpp"

namespace node = oncoshare::node;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] % 2 == 0) {
    (void)node::parse_contribution(text);
  } else {
    (void)node::parse_advertisement(text);
  }
  return 0;
}
