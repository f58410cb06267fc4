#include "node/server_identity.hpp"

#include <openssl/x509_vfy.h>

#include <fmt/format.h>

#include <memory>
#include <mutex>
#include <utility>

#include "node/detail/openssl.hpp"
#include "node/pki.hpp"

namespace oncoshare::node {

namespace {

// What a context expects of its servers, owned by the context (freed with it).
struct Expectation {
  std::string node_name;
  std::mutex mutex;  // guards refusal: a context may handshake on several threads
  std::string refusal;
};

void free_expectation(void*, void* expectation, CRYPTO_EX_DATA*, int, long, void*) {
  delete static_cast<Expectation*>(expectation);
}

int expectation_index() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, free_expectation);
  return index;
}

Expectation* expectation_of(SSL_CTX* ctx) {
  return static_cast<Expectation*>(SSL_CTX_get_ex_data(ctx, expectation_index()));
}

// Empty when `cert` names the node `node_name` expects.
std::string identity_refusal(X509* cert, const std::string& node_name) {
  auto identity = peer_identity(cert);
  if (!identity) return "the server's certificate names no node: " + identity.error().message;
  if (identity->role != Role::node) {
    return fmt::format("the server's certificate is for {} '{}', not for a node", role_name(identity->role),
                       identity->name);
  }
  if (identity->name != node_name) {
    return fmt::format("the server's certificate is for '{}', not '{}'", identity->name, node_name);
  }
  return {};
}

// OpenSSL calls this for each certificate of the server's chain, CA first, leaf (depth 0) last.
int verify_server(int chain_ok, X509_STORE_CTX* store) {
  auto* ssl = static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
  Expectation* expected = ssl != nullptr ? expectation_of(SSL_get_SSL_CTX(ssl)) : nullptr;
  if (expected == nullptr) return 0;  // never accept a server unchecked
  const int error = X509_STORE_CTX_get_error(store);
  std::string refusal;
  // A researcher's certificate fails the chain's purpose check (no serverAuth) before its
  // role is read: name the role, which says more than "unsupported certificate purpose".
  if (X509_STORE_CTX_get_error_depth(store) == 0 && (chain_ok == 1 || error == X509_V_ERR_INVALID_PURPOSE)) {
    refusal = identity_refusal(X509_STORE_CTX_get_current_cert(store), expected->node_name);
  }
  if (refusal.empty() && chain_ok != 1) {
    refusal = fmt::format("the server's certificate does not chain to the federation CA: {}",
                          X509_verify_cert_error_string(error));
  }
  if (refusal.empty()) return 1;
  if (chain_ok == 1) X509_STORE_CTX_set_error(store, X509_V_ERR_APPLICATION_VERIFICATION);
  std::lock_guard lock(expected->mutex);
  expected->refusal = std::move(refusal);
  return 0;
}

}  // namespace

core::Status require_node_certificate(SSL_CTX* ctx, const std::string& ca_file, const std::string& node_name) {
  if (SSL_CTX_load_verify_locations(ctx, ca_file.c_str(), nullptr) != 1) {
    return core::io_error("cannot load the federation CA certificate: " + detail::openssl_error(), {ca_file});
  }
  Expectation* previous = expectation_of(ctx);
  auto expectation = std::make_unique<Expectation>();
  expectation->node_name = node_name;
  if (SSL_CTX_set_ex_data(ctx, expectation_index(), expectation.get()) != 1) {
    return core::Error{core::ErrorCode::internal, "cannot attach the expected node to the TLS context"};
  }
  (void)expectation.release();  // owned by ctx from now on, freed with it
  delete previous;
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, verify_server);
  return {};
}

std::string take_certificate_refusal(SSL_CTX* ctx) {
  Expectation* expected = expectation_of(ctx);
  if (expected == nullptr) return {};
  std::lock_guard lock(expected->mutex);
  return std::exchange(expected->refusal, {});
}

}  // namespace oncoshare::node
