#include "node/detail/subject_alt_name.hpp"

#include <arpa/inet.h>

#include <cctype>
#include <fmt/format.h>
#include <string>

namespace oncoshare::node::detail {

namespace {

bool host_name(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  std::size_t label = 0;
  for (std::size_t i = 0; i <= name.size(); ++i) {
    if (i == name.size() || name[i] == '.') {
      if (label == 0 || label > 63 || name[i - 1] == '-' || name[i - label] == '-') return false;
      label = 0;
    } else if (std::isalnum(static_cast<unsigned char>(name[i])) || name[i] == '-') {
      ++label;
    } else {
      return false;
    }
  }
  return true;
}

bool ip_address(std::string_view text) {
  std::string address(text);
  unsigned char bytes[16];
  return inet_pton(AF_INET, address.c_str(), bytes) == 1 || inet_pton(AF_INET6, address.c_str(), bytes) == 1;
}

}  // namespace

core::Status check_subject_alt_name(std::string_view san) {
  if (san.starts_with("DNS:") && host_name(san.substr(4))) return {};
  if (san.starts_with("IP:") && ip_address(san.substr(3))) return {};
  return core::bad_input(fmt::format("invalid subjectAltName '{}' (expected DNS:host.name or IP:address)", san));
}

}  // namespace oncoshare::node::detail
