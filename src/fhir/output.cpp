#include "fhir/output.hpp"

#include <cerrno>
#include <cstring>
#include <fmt/format.h>


namespace oncoshare::fhir {

namespace {

core::Status write_whole_file(const std::string& path, std::string_view bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return core::io_error(fmt::format("cannot create {}: {}", path, std::strerror(errno)));
  const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  const int saved = errno;
  if (std::fclose(f) != 0 || !ok) {
    return core::io_error(fmt::format("cannot write {}: {}", path, std::strerror(ok ? errno : saved)));
  }
  return {};
}

}  // namespace

void append_bundle_entry(std::string& bundle, std::string_view type, std::string_view id, std::string_view json) {
  // The resource is already JSON; the entry around it is fixed text.
  bundle.append(R"({"fullUrl":"urn:uuid:)").append(id).append(R"(","resource":)").append(json);
  bundle.append(R"(,"request":{"method":"PUT","url":")").append(type).push_back('/');
  bundle.append(id).append("\"}}");
}

core::Status BundleSink::begin_patient(std::string_view patient_id) {
  patient_id_.assign(patient_id);
  bundle_.clear();
  bundle_.append(R"({"resourceType":"Bundle","type":"transaction","entry":[)");
  first_entry_ = true;
  return {};
}

core::Status BundleSink::resource(std::string_view type, std::string_view id, std::string_view json) {
  if (!first_entry_) bundle_.push_back(',');
  first_entry_ = false;
  append_bundle_entry(bundle_, type, id, json);
  return {};
}

core::Status BundleSink::end_patient() {
  bundle_.append("]}\n");
  bytes_ += bundle_.size();
  return write_whole_file(fmt::format("{}/{}.json", dir_, patient_id_), bundle_);
}

struct NdjsonSink::File {
  std::string path;
  std::FILE* handle = nullptr;
  ~File() {
    if (handle != nullptr) std::fclose(handle);
  }
};

NdjsonSink::NdjsonSink(std::string dir) : dir_(std::move(dir)) {}
NdjsonSink::~NdjsonSink() = default;

core::Status NdjsonSink::resource(std::string_view type, std::string_view, std::string_view json) {
  auto it = files_.find(type);
  if (it == files_.end()) {
    auto file = std::make_unique<File>();
    file->path = fmt::format("{}/{}.ndjson", dir_, type);
    file->handle = std::fopen(file->path.c_str(), "wb");
    if (file->handle == nullptr) {
      return core::io_error(fmt::format("cannot create {}: {}", file->path, std::strerror(errno)));
    }
    std::setvbuf(file->handle, nullptr, _IOFBF, 1 << 20);
    it = files_.emplace(std::string(type), std::move(file)).first;
  }
  std::FILE* f = it->second->handle;
  if (std::fwrite(json.data(), 1, json.size(), f) != json.size() || std::fputc('\n', f) == EOF) {
    return core::io_error(fmt::format("cannot write {}: {}", it->second->path, std::strerror(errno)));
  }
  bytes_ += json.size() + 1;
  return {};
}

core::Status NdjsonSink::close() {
  for (auto& [type, file] : files_) {
    std::FILE* f = file->handle;
    file->handle = nullptr;
    if (std::fclose(f) != 0) return core::io_error(fmt::format("cannot write {}: {}", file->path, std::strerror(errno)));
  }
  return {};
}

}  // namespace oncoshare::fhir
