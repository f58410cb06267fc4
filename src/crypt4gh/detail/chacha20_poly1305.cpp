#include "crypt4gh/detail/chacha20_poly1305.hpp"

#include <openssl/evp.h>
#include <sodium.h>

#include <climits>
#include <memory>
#include <stdexcept>

namespace oncoshare::crypt4gh::detail {

namespace {

// Fetched once: an implicit fetch on every segment would search the provider each time.
const EVP_CIPHER* cipher() {
  static const EVP_CIPHER* const fetched = EVP_CIPHER_fetch(nullptr, "ChaCha20-Poly1305", nullptr);
  if (fetched == nullptr) throw std::runtime_error("OpenSSL offers no ChaCha20-Poly1305 cipher");
  return fetched;
}

struct ContextFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }  // cleanses the key copy
};

// A context per segment: it costs little next to 64 KiB of cipher, and no key outlives its use.
class Context {
 public:
  Context() : ctx_(EVP_CIPHER_CTX_new()) {
    if (!ctx_) throw std::runtime_error("OpenSSL could not allocate a cipher context");
  }
  [[nodiscard]] EVP_CIPHER_CTX* get() const { return ctx_.get(); }

 private:
  std::unique_ptr<EVP_CIPHER_CTX, ContextFree> ctx_;
};

int length(std::size_t n) {
  if (n > static_cast<std::size_t>(INT_MAX)) throw std::length_error("segment longer than OpenSSL accepts");
  return static_cast<int>(n);
}

}  // namespace

void aead_seal(std::span<const std::uint8_t, kKeyBytes> key, std::span<const std::uint8_t, kNonceBytes> nonce,
               std::span<const std::uint8_t> aad, std::span<const std::uint8_t> plain, std::uint8_t* out) {
  const Context ctx;
  int n = 0;
  int tail = 0;
  const bool ok = EVP_EncryptInit_ex2(ctx.get(), cipher(), key.data(), nonce.data(), nullptr) == 1 &&
                  (aad.empty() || EVP_EncryptUpdate(ctx.get(), nullptr, &n, aad.data(), length(aad.size())) == 1) &&
                  EVP_EncryptUpdate(ctx.get(), out, &n, plain.data(), length(plain.size())) == 1 &&
                  EVP_EncryptFinal_ex(ctx.get(), out + n, &tail) == 1 &&
                  EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, static_cast<int>(kMacBytes),
                                      out + plain.size()) == 1;
  if (!ok) throw std::runtime_error("OpenSSL failed to seal a ChaCha20-Poly1305 segment");
}

bool aead_open(std::span<const std::uint8_t, kKeyBytes> key, std::span<const std::uint8_t, kNonceBytes> nonce,
               std::span<const std::uint8_t> aad, std::span<const std::uint8_t> sealed, std::uint8_t* out) {
  if (sealed.size() < kMacBytes) return false;
  const std::span<const std::uint8_t> cipher_text = sealed.first(sealed.size() - kMacBytes);
  // OpenSSL's ctrl takes a non-const pointer but only copies the tag.
  auto* tag = const_cast<std::uint8_t*>(sealed.data() + cipher_text.size());
  const Context ctx;
  int n = 0;
  int tail = 0;
  if (EVP_DecryptInit_ex2(ctx.get(), cipher(), key.data(), nonce.data(), nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(kMacBytes), tag) != 1) {
    throw std::runtime_error("OpenSSL failed to start opening a ChaCha20-Poly1305 segment");
  }
  const bool ok = (aad.empty() || EVP_DecryptUpdate(ctx.get(), nullptr, &n, aad.data(), length(aad.size())) == 1) &&
                  EVP_DecryptUpdate(ctx.get(), out, &n, cipher_text.data(), length(cipher_text.size())) == 1 &&
                  EVP_DecryptFinal_ex(ctx.get(), out + n, &tail) == 1;
  if (!ok) sodium_memzero(out, cipher_text.size());
  return ok;
}

}  // namespace oncoshare::crypt4gh::detail
