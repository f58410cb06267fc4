// Internal: what a request's headers must say before its body is read. cpp-httplib checks
// max_request_bytes against Content-Length only, then reads a chunked body whole and
// inflates a compressed one without a limit; a body without either is read until the
// connection closes. So a body is accepted only with Content-Length, no Transfer-Encoding
// and no Content-Encoding: its size on the wire is then its size.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <optional>

#include "node/policy.hpp"

namespace oncoshare::node::detail {

// The refusal (411 length_required, 413 payload_too_large, 415 unsupported_encoding) for a
// request whose body could exceed `max_bytes` once read, or nothing.
[[nodiscard]] std::optional<Refusal> refuse_unbounded_body(const httplib::Request& req, std::size_t max_bytes);

}  // namespace oncoshare::node::detail
