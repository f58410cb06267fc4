// A node's latest signed audit head, as the federation records it outside the node: fetched
// over mutual TLS (GET /audit/head) and its signature checked with the certificate the node
// publishes in its catalog, itself checked against the federation CA. Stored elsewhere, the
// head later proves (`oncoshare audit verify --expect-head`) that the node's log was not cut
// or rewritten before it.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "coordinator/node_client.hpp"
#include "core/result.hpp"

namespace oncoshare::coordinator {

// {"node", "seq", "type", "time", "head", "signature"} of `node`, or an error naming it
// (check_failed when the certificate or the signature does not hold).
[[nodiscard]] core::Result<nlohmann::json> record_audit_head(NodeClient& node, const std::string& ca_pem);

}  // namespace oncoshare::coordinator
