#include "secure/ciphertext.hpp"

#include <fmt/format.h>

#include "core/sodium.hpp"
#include "secure/detail/parallel.hpp"

namespace oncoshare::secure {

Ciphertext zero_ciphertext() { return {}; }

Ciphertext add(const Ciphertext& a, const Ciphertext& b) { return {a.c1 + b.c1, a.c2 + b.c2}; }

Ciphertext encrypt_zero(const Point& public_key) {
  SecretScalar r = SecretScalar::random();
  return {base_mul(r.value()), r.value() * public_key};
}

Ciphertext add_plaintext(const Ciphertext& c, std::int64_t m) {
  if (m == 0) return c;
  return {c.c1, c.c2 + base_mul(Scalar::from_int(m))};
}

Ciphertext scale(const Ciphertext& a, std::int64_t k) {
  const Scalar s = Scalar::from_int(k);
  return {s * a.c1, s * a.c2};
}

core::Status add_in_place(CiphertextVector& sum, const CiphertextVector& other) {
  if (sum.size() != other.size()) {
    return core::fail(core::bad_input(
        fmt::format("ciphertext vectors differ in length: {} and {}", sum.size(), other.size())));
  }
  detail::parallel_for(sum.size(), [&](std::size_t i) { sum[i] = add(sum[i], other[i]); });
  return {};
}

core::Result<CiphertextVector> sum(std::span<const CiphertextVector> vectors) {
  if (vectors.empty()) return core::fail(core::bad_input("no ciphertext vectors to add"));
  for (const CiphertextVector& v : vectors) {
    if (v.size() != vectors.front().size()) {
      return core::fail(core::bad_input(
          fmt::format("ciphertext vectors differ in length: {} and {}", vectors.front().size(), v.size())));
    }
  }
  // Element by element, so each element's additions stay on one core.
  CiphertextVector total = vectors.front();
  detail::parallel_for(total.size(), [&](std::size_t k) {
    for (std::size_t i = 1; i < vectors.size(); ++i) total[k] = add(total[k], vectors[i][k]);
  });
  return total;
}

void scale_in_place(CiphertextVector& vector, std::int64_t k) {
  const Scalar s = Scalar::from_int(k);
  detail::parallel_for(vector.size(), [&](std::size_t i) { vector[i] = {s * vector[i].c1, s * vector[i].c2}; });
}

Encryptor::Encryptor(const Point& public_key) : public_key_(public_key) { core::ensure_sodium(); }

Ciphertext Encryptor::encrypt(std::int64_t m) const {
  return add_plaintext(encrypt_zero(public_key_), m);
}

CiphertextVector Encryptor::encrypt(std::span<const std::int64_t> values) const {
  CiphertextVector out(values.size());
  detail::parallel_for(values.size(), [&](std::size_t i) { out[i] = encrypt(values[i]); });
  return out;
}

Ciphertext Encryptor::rerandomize(const Ciphertext& c) const {
  SecretScalar s = SecretScalar::random();
  return {c.c1 + base_mul(s.value()), c.c2 + s.value() * public_key_};
}

}  // namespace oncoshare::secure
