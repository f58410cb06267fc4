#include "coordinator/audit_heads.hpp"

#include <fmt/format.h>

#include "coordinator/session.hpp"
#include "node/audit_log.hpp"

namespace oncoshare::coordinator {

core::Result<nlohmann::json> record_audit_head(NodeClient& node, const std::string& ca_pem) {
  const std::string& name = node.node().name;
  auto catalog = node.get("/catalog");
  if (!catalog) return core::fail(catalog.error());
  const std::string certificate = catalog->value("certificate", "");
  ONCOSHARE_TRY(check_node_certificate(certificate, ca_pem, name));
  auto head = node.get("/audit/head");
  if (!head) return core::fail(head.error());
  if (auto checked = node::verify_signed_head(*head, certificate); !checked) {
    return core::fail(core::Error{checked.error().code, fmt::format("node '{}': {}", name, checked.error().message)});
  }
  (*head)["node"] = name;
  return *head;
}

}  // namespace oncoshare::coordinator
