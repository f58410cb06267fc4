#include "crypt4gh/package.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "core/atomic_output.hpp"
#include "core/json_text.hpp"
#include "crypt4gh/stream.hpp"

namespace oncoshare::crypt4gh {

namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

// Closes a descriptor on scope exit.
struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

ordered_json to_json(const Checksums& c) { return {{"size", c.size}, {"sha256", c.sha256}, {"md5", c.md5}}; }

core::Result<std::vector<std::string>> list_files(const std::string& in_dir) {
  std::error_code ec;
  if (!fs::is_directory(in_dir, ec)) return core::bad_input("not a directory", core::Location{in_dir});
  std::vector<std::string> files;
  for (fs::recursive_directory_iterator it(in_dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::file_status status = it->symlink_status(ec);
    if (fs::is_directory(status)) continue;
    if (!fs::is_regular_file(status)) {
      return core::bad_input("not a regular file (symlinks and special files are not packaged)",
                             core::Location{it->path().string()});
    }
    files.push_back(fs::relative(it->path(), in_dir).generic_string());
  }
  if (ec) return core::io_error(fmt::format("cannot list directory: {}", ec.message()), core::Location{in_dir});
  if (files.empty()) return core::bad_input("no files to package", core::Location{in_dir});
  std::sort(files.begin(), files.end());
  return files;
}

core::Result<PackagedFile> package_one(const std::string& in_dir, const std::string& rel, const SecretKey& writer,
                                       std::span<const PublicKey> recipients, DataMethod method,
                                       const std::string& temp_dir) {
  PackagedFile entry{rel, rel + ".c4gh", {}, {}};
  const std::string in_path = (fs::path(in_dir) / rel).string();
  const fs::path out_path = fs::path(temp_dir) / entry.encrypted_path;
  std::error_code ec;
  fs::create_directories(out_path.parent_path(), ec);
  if (ec) return core::io_error("cannot create directory", core::Location{out_path.parent_path().string()});
  Fd in(::open(in_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.fd < 0) return core::io_error("cannot open file", core::Location{in_path});
  Fd out(::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (out.fd < 0) return core::io_error("cannot create file", core::Location{out_path.string()});
  FdSource raw_in(in.fd, in_path);
  ChecksummingSource source(raw_in);
  FdSink raw_out(out.fd, out_path.string());
  ChecksummingSink sink(&raw_out);
  ONCOSHARE_TRY(encrypt(source, sink, writer, recipients, {}, method));
  entry.plaintext = source.finish();
  entry.ciphertext = sink.finish();
  return entry;
}

core::Error checksum_mismatch(const std::string& file, std::string_view field, const std::string& expected,
                     const std::string& actual) {
  return core::Error{core::ErrorCode::check_failed,
                     fmt::format("{} mismatch: manifest says {}, file has {}", field, expected, actual),
                     core::Location{file}};
}

core::Status compare(const std::string& file, std::string_view what, const ordered_json& expected,
                     const Checksums& actual) {
  if (expected.at("size").get<std::uint64_t>() != actual.size) {
    return checksum_mismatch(file, fmt::format("{} size", what), std::to_string(expected.at("size").get<std::uint64_t>()),
                    std::to_string(actual.size));
  }
  if (expected.at("sha256").get<std::string>() != actual.sha256) {
    return checksum_mismatch(file, fmt::format("{} sha256", what), expected.at("sha256").get<std::string>(), actual.sha256);
  }
  if (expected.at("md5").get<std::string>() != actual.md5) {
    return checksum_mismatch(file, fmt::format("{} md5", what), expected.at("md5").get<std::string>(), actual.md5);
  }
  return {};
}

}  // namespace

core::Result<std::vector<PackagedFile>> build_package(const std::string& in_dir, std::span<const PublicKey> recipients,
                                                      const std::string& out_dir, DataMethod method) {
  if (recipients.empty()) return core::bad_input("no recipient public key given");
  core::Result<std::vector<std::string>> files = list_files(in_dir);
  if (!files) return files.error();
  core::Result<core::AtomicDirectory> dir = core::AtomicDirectory::create(out_dir);
  if (!dir) return dir.error();
  const SecretKey writer = SecretKey::generate();
  std::vector<PackagedFile> entries;
  ordered_json manifest_files = ordered_json::array();
  for (const std::string& rel : *files) {
    core::Result<PackagedFile> entry = package_one(in_dir, rel, writer, recipients, method, dir->path());
    if (!entry) return entry.error();
    manifest_files.push_back({{"path", entry->path},
                              {"encrypted_path", entry->encrypted_path},
                              {"plaintext", to_json(entry->plaintext)},
                              {"ciphertext", to_json(entry->ciphertext)}});
    entries.push_back(std::move(*entry));
  }
  const ordered_json manifest = {{"format", "crypt4gh"},
                                 {"crypt4gh_version", kVersion},
                                 {"data_encryption_method", data_method_name(method)},
                                 {"files", manifest_files}};
  ONCOSHARE_TRY(core::write_file_atomically((fs::path(dir->path()) / kManifestName).string(), manifest.dump(2) + "\n"));
  ONCOSHARE_TRY(dir->commit());
  return entries;
}

core::Result<std::size_t> verify_package(const std::string& package_dir, const SecretKey* reader) {
  const std::string manifest_path = (fs::path(package_dir) / kManifestName).string();
  std::ifstream in(manifest_path);
  if (!in) return core::bad_input("cannot open the package manifest", core::Location{manifest_path});
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ONCOSHARE_TRY(core::check_json_depth(text, core::Location{manifest_path}));
  ordered_json manifest = ordered_json::parse(text, nullptr, false);
  if (manifest.is_discarded() || !manifest.contains("files") || !manifest["files"].is_array()) {
    return core::bad_input("malformed manifest (expected JSON with a \"files\" array)", core::Location{manifest_path});
  }
  std::size_t checked = 0;
  for (const ordered_json& file : manifest["files"]) {
    try {
      const std::string rel = file.at("encrypted_path").get<std::string>();
      if (rel.empty() || rel.front() == '/' || rel.find("..") != std::string::npos) {
        return core::bad_input(fmt::format("unsafe encrypted_path '{}'", rel), core::Location{manifest_path});
      }
      const std::string path = (fs::path(package_dir) / rel).string();
      core::Result<Checksums> cipher = checksum_file(path);
      if (!cipher) return core::Error{core::ErrorCode::check_failed, "listed in the manifest but missing", core::Location{path}};
      ONCOSHARE_TRY(compare(path, "ciphertext", file.at("ciphertext"), *cipher));
      if (reader != nullptr) {
        Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        FdSource source(fd.fd, path);
        ChecksummingSink plain;
        core::Result<DecryptSummary> decrypted = decrypt(source, plain, *reader);
        if (!decrypted) return decrypted.error();
        ONCOSHARE_TRY(compare(path, "plaintext", file.at("plaintext"), plain.finish()));
      }
    } catch (const nlohmann::json::exception& e) {
      return core::bad_input(fmt::format("malformed manifest entry {}: {}", checked, e.what()),
                             core::Location{manifest_path});
    }
    ++checked;
  }
  return checked;
}

}  // namespace oncoshare::crypt4gh
