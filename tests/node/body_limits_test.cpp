// Which request headers let a body be read: only Content-Length within max_request_bytes,
// no Transfer-Encoding, no Content-Encoding.
#include "node/detail/body_limits.hpp"

#include <gtest/gtest.h>

namespace oncoshare::node::detail {
namespace {

httplib::Request request(const std::string& method, httplib::Headers headers) {
  httplib::Request req;
  req.method = method;
  req.headers = std::move(headers);
  return req;
}

void expect_refusal(const httplib::Request& req, int status, const std::string& error, const std::string& reason) {
  const auto refusal = refuse_unbounded_body(req, 1024);
  ASSERT_TRUE(refusal) << reason;
  EXPECT_EQ(refusal->status, status);
  EXPECT_EQ(refusal->error, error);
  EXPECT_EQ(refusal->reason, reason);
}

TEST(BodyLimits, ABodyWithinTheLimitOrNoBodyAtAllIsRead) {
  EXPECT_FALSE(refuse_unbounded_body(request("POST", {{"Content-Length", "1024"}}), 1024));
  EXPECT_FALSE(refuse_unbounded_body(request("POST", {{"Content-Length", "0"}}), 1024));
  EXPECT_FALSE(refuse_unbounded_body(request("GET", {}), 1024));
  EXPECT_FALSE(refuse_unbounded_body(request("POST", {{"Content-Length", "10"}, {"Content-Encoding", "identity"}}), 1024));
}

TEST(BodyLimits, BodiesWhoseSizeIsNotKnownUpFrontAreRefused) {
  expect_refusal(request("POST", {{"Transfer-Encoding", "chunked"}}), 411, "length_required",
                 "a request body must be sent with Content-Length, not chunked");
  expect_refusal(request("POST", {{"Transfer-Encoding", "chunked"}, {"Content-Length", "10"}}), 411, "length_required",
                 "a request body must be sent with Content-Length, not chunked");
  // Without either header httplib reads until the client closes the connection.
  expect_refusal(request("POST", {}), 411, "length_required", "a POST request needs a Content-Length");
  expect_refusal(request("DELETE", {}), 411, "length_required", "a DELETE request needs a Content-Length");
}

TEST(BodyLimits, CompressedBodiesAreRefusedWithoutEchoingOddHeaderValues) {
  expect_refusal(request("POST", {{"Content-Length", "10"}, {"Content-Encoding", "br"}}), 415, "unsupported_encoding",
                 "request bodies must not be compressed (Content-Encoding: br)");
  expect_refusal(request("POST", {{"Content-Length", "10"}, {"Content-Encoding", "x\"<script>"}}), 415,
                 "unsupported_encoding", "request bodies must not be compressed (Content-Encoding: (not shown))");
}

TEST(BodyLimits, DeclaredLengthsBeyondTheLimitOrNotNumbersAreRefused) {
  expect_refusal(request("POST", {{"Content-Length", "1025"}}), 413, "payload_too_large",
                 "request body too large");
  expect_refusal(request("POST", {{"Content-Length", "99999999999999999999999"}}), 413, "payload_too_large",
                 "request body too large");
  for (const char* bad : {"-1", "12abc", "", "0x10"}) {
    expect_refusal(request("POST", {{"Content-Length", bad}}), 400, "bad_content_length",
                   "Content-Length is not a number of bytes");
  }
}

}  // namespace
}  // namespace oncoshare::node::detail
