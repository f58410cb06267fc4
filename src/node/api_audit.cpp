// GET /audit/head: the node's latest signed audit head, for a federation to record outside
// the node (`oncoshare audit verify --expect-head` later proves the log still holds it).
#include "node/detail/node_state.hpp"

namespace oncoshare::node::detail {

Reply audit_unavailable() {
  return Reply::refuse({503, "audit_unavailable", "the audit log could not be written, so no answer is released"});
}

Reply handle_audit_head(NodeState& state, const Call&) {
  // Signing now makes the head cover every request answered before this one.
  if (!state.audit->checkpoint()) return audit_unavailable();
  Reply reply;
  const SignedHead head = state.audit->signed_head();
  reply.body = to_json(head);
  reply.note = "signed audit head";
  return reply;
}

}  // namespace oncoshare::node::detail
