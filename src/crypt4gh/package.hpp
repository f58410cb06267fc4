// Archive submission packages: every file of a directory encrypted with Crypt4GH into
// PKG/<relative path>.c4gh, plus PKG/manifest.json with plaintext and ciphertext sizes,
// SHA-256 and MD5 (what EGA submission tools ask for). Built atomically.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "crypt4gh/checksums.hpp"
#include "crypt4gh/keys.hpp"

namespace oncoshare::crypt4gh {

inline constexpr std::string_view kManifestName = "manifest.json";

struct PackagedFile {
  std::string path;            // relative to the input directory, '/'-separated
  std::string encrypted_path;  // relative to the package: path + ".c4gh"
  Checksums plaintext;
  Checksums ciphertext;
};

// Encrypts every regular file under `in_dir` (recursively, sorted by relative path) for
// `recipients`, with an ephemeral writer key and data method `method`, and writes the package
// to `out_dir` atomically (an existing `out_dir` is replaced only on success, and only if it
// is an earlier package: see core::check_output_folder; `key_files`, the recipients' key
// files, count as inputs too). The input's own .oncoshare-output marker is not packaged.
// Errors: unreadable input, a special file, no files. Returns the manifest entries.
[[nodiscard]] core::Result<std::vector<PackagedFile>> build_package(
    const std::string& in_dir, std::span<const PublicKey> recipients, const std::string& out_dir,
    DataMethod method = DataMethod::chacha20_ietf_poly1305, std::span<const std::string> key_files = {});

// Re-checks every file listed in PKG/manifest.json: ciphertext size and checksums and, with
// `reader`, the decrypted plaintext's. Returns the number of files checked; a mismatch is a
// check_failed error naming the file and the field; a missing/malformed manifest is bad_input.
[[nodiscard]] core::Result<std::size_t> verify_package(const std::string& package_dir,
                                                       const SecretKey* reader = nullptr);

}  // namespace oncoshare::crypt4gh
