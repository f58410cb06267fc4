#include "node/detail/base64.hpp"

#include <fmt/format.h>
#include <sodium.h>

namespace oncoshare::node::detail {

std::string base64(const unsigned char* data, std::size_t size) {
  std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

core::Result<std::string> unbase64(std::string_view text, std::string_view field) {
  std::string out(text.size(), '\0');
  std::size_t size = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &size, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return core::fail(core::bad_input(fmt::format("field '{}': invalid base64", field), {"", 0, 0, std::string(field)}));
  }
  out.resize(size);
  return out;
}

}  // namespace oncoshare::node::detail
