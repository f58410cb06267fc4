// OpenSSH ed25519 keys, read as X25519 keys the way the reference (keys/ssh.py) does.
#pragma once

#include <string>
#include <string_view>

#include "crypt4gh/key_files.hpp"

namespace oncoshare::crypt4gh::detail {

inline constexpr std::string_view kOpensshMagic{"openssh-key-v1\0", 15};

// `line` is "ssh-ed25519 <base64> [comment]".
[[nodiscard]] core::Result<PublicKey> parse_ssh_public_key(std::string_view line,
                                                           const std::string& source);

// `body` is the decoded armour after kOpensshMagic. Supports kdf none and bcrypt with
// aes{128,192,256}-{ctr,cbc}.
[[nodiscard]] core::Result<SecretKey> parse_openssh_secret_key(std::string_view body,
                                                               const PassphraseCallback& passphrase,
                                                               const std::string& source);

}  // namespace oncoshare::crypt4gh::detail
