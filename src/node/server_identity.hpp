// Client side of the federation's mutual TLS: which node a server must prove to be.
// Federation certificates name a node (CN) and a role (OU), not a host, so instead of a host
// name check a client requires the server's certificate to chain to the federation CA, to
// carry the role node and to name exactly the node the client meant to reach.
#pragma once

#include <openssl/ssl.h>

#include <string>

#include "core/result.hpp"

namespace oncoshare::node {

// Makes every handshake of the TLS client context `ctx` verify the server's certificate
// against the CA certificate in `ca_file`, and accept it only when its role is node and its
// CN is `node_name`. This replaces host-name verification, which the caller must leave off
// (cpp-httplib: enable_server_certificate_verification(false)): certificates carry host names
// only when issued with --san. An unreadable CA file is an io error naming it.
[[nodiscard]] core::Status require_node_certificate(SSL_CTX* ctx, const std::string& ca_file,
                                                    const std::string& node_name);

// Why the latest handshake on `ctx` refused the server's certificate, e.g. "the server's
// certificate is for 'site_x', not 'site_1'", and forgets it; empty when none was refused.
[[nodiscard]] std::string take_certificate_refusal(SSL_CTX* ctx);

}  // namespace oncoshare::node
