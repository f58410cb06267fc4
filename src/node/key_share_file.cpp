// The key share file (node.key_share): JSON with the index, the secret scalar (base64) and
// the collective key, written atomically with mode 0600, and checked against its
// verification share when read.
#include <sodium.h>

#include "core/atomic_output.hpp"
#include "core/json_text.hpp"
#include "node/detail/node_state.hpp"
#include "node/detail/openssl.hpp"
#include "node/detail/private_file.hpp"
#include "secure/codec.hpp"

namespace oncoshare::node::detail {

core::Status save_key_share(const std::string& path, const secure::KeyShare& share) {
  const auto& bytes = share.secret.value().bytes;
  nlohmann::json json = {{"type", "key_share"}, {"index", share.index},
                         {"secret", base64(bytes.data(), bytes.size())},
                         {"collective_key", nlohmann::json::parse(secure::serialize(share.key))}};
  ONCOSHARE_TRY(make_private_directory(path));
  std::string text = json.dump();
  auto done = core::write_file_atomically(path, text, 0600);
  sodium_memzero(text.data(), text.size());
  return done;
}

core::Result<secure::KeyShare> load_key_share(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return core::fail(text.error());
  auto parsed = core::parse_json(*text, {path});
  sodium_memzero(text->data(), text->size());
  if (!parsed) return core::fail(parsed.error());
  nlohmann::json json = std::move(*parsed);
  if (!json.is_object() || json.value("type", "") != "key_share" || !json.contains("index") ||
      !json["index"].is_number_unsigned() || !json.contains("secret") || !json["secret"].is_string()) {
    return core::fail(core::bad_input("not a key share file (type, index, secret, collective_key)", {path}));
  }
  auto secret = unbase64(json["secret"].get<std::string>(), "secret");
  if (!secret) return core::fail(core::bad_input(secret.error().message, {path, 0, 0, "secret"}));
  auto scalar = secure::Scalar::from_bytes(std::span(reinterpret_cast<const std::uint8_t*>(secret->data()), secret->size()));
  sodium_memzero(secret->data(), secret->size());
  if (!scalar || secret->size() != secure::kScalarBytes) {
    return core::fail(core::bad_input("field 'secret': not a canonical scalar", {path, 0, 0, "secret"}));
  }
  auto key = secure::parse_collective_key(json["collective_key"].dump());
  if (!key) return core::fail(core::bad_input(key.error().message, {path, 0, 0, "collective_key"}));
  secure::KeyShare share;
  share.index = static_cast<std::uint32_t>(json["index"].get<std::uint64_t>());
  share.secret = secure::SecretScalar(*scalar);
  share.key = std::move(*key);
  auto expected = share.key.verification_share(share.index);
  if (!expected || secure::base_mul(share.secret.value()) != *expected) {
    return core::fail(core::bad_input("the secret does not match the verification share of this index", {path, 0, 0, "secret"}));
  }
  return share;
}

}  // namespace oncoshare::node::detail
