// Internal: files only the node may read (patient-level store, DP ledger, audit log, key
// share, replay store), whatever the umask says.
#pragma once

#include <string>

#include "core/result.hpp"

namespace oncoshare::node::detail {

// Creates the directory of `path` with mode 0700 when it is missing (an existing directory
// is the operator's and is left as it is).
[[nodiscard]] core::Status make_private_directory(const std::string& path);

// make_private_directory, then creates `path` empty with mode 0600 when it is missing, or
// narrows an existing file to 0600. ":memory:" and "" (SQLite in-memory) are left alone.
[[nodiscard]] core::Status make_private_file(const std::string& path);

}  // namespace oncoshare::node::detail
