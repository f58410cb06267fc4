#include "node/detail/body_limits.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <string>

namespace oncoshare::node::detail {

namespace {

bool expects_body(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE" || method == "PRI";
}

// A header value fit to quote in a reply: a short token, else a placeholder.
std::string quoted(const std::string& value) {
  const bool token = value.size() <= 32 && std::all_of(value.begin(), value.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == ',' || c == ' ';
  });
  return token ? value : "(not shown)";
}

}  // namespace

std::optional<Refusal> refuse_unbounded_body(const httplib::Request& req, std::size_t max_bytes) {
  if (req.has_header("Transfer-Encoding")) {
    return Refusal{411, "length_required", "a request body must be sent with Content-Length, not chunked"};
  }
  if (req.has_header("Content-Encoding") && req.get_header_value("Content-Encoding") != "identity") {
    return Refusal{415, "unsupported_encoding", fmt::format("request bodies must not be compressed (Content-Encoding: {})",
                                                            quoted(req.get_header_value("Content-Encoding")))};
  }
  if (!req.has_header("Content-Length")) {
    if (!expects_body(req.method)) return std::nullopt;
    return Refusal{411, "length_required", fmt::format("a {} request needs a Content-Length", quoted(req.method))};
  }
  // Refused here rather than by httplib, which would first read and discard the whole
  // declared length however large.
  const std::string length = req.get_header_value("Content-Length");
  std::uint64_t bytes = 0;
  const auto [end, error] = std::from_chars(length.data(), length.data() + length.size(), bytes);
  if (error == std::errc::result_out_of_range || (error == std::errc() && bytes > max_bytes)) {
    return Refusal{413, "payload_too_large", "request body too large"};
  }
  if (error != std::errc() || end != length.data() + length.size()) {
    return Refusal{400, "bad_content_length", "Content-Length is not a number of bytes"};
  }
  return std::nullopt;
}

}  // namespace oncoshare::node::detail
