// Key and certificate files are never replaced silently: every file encrypted for, or signed
// by, the old key would be lost with it. Replacing needs the writer's --force, and then the
// old file is kept beside the new one.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace oncoshare::core {

enum class ExistingKey {
  refuse,                  // an existing file is an error (the default of every writer)
  replace_keeping_backup,  // --force: the old file is kept as NAME.bak (NAME.bak.1, ... if taken)
};

// Ok if each of `paths` is missing or may be replaced. Writers of several files (secret and
// public key, key and certificate) check them all before writing any. The error names the
// first existing file and says how to replace it.
[[nodiscard]] Status check_key_files(std::span<const std::string> paths, ExistingKey existing);

// Writes `bytes` to `path` atomically with `mode`. With replace_keeping_backup an existing
// file is first linked to a backup name that is free (an earlier backup is never overwritten);
// with refuse an existing file is an error, as in check_key_files.
[[nodiscard]] Status write_key_file(const std::string& path, std::string_view bytes, unsigned mode,
                                    ExistingKey existing);

}  // namespace oncoshare::core
