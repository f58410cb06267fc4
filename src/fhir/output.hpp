// Where converted resources go: one transaction Bundle file per patient, or one NDJSON
// file per resource type (FHIR Bulk Data, for $import).
#pragma once

#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "fhir/patient_converter.hpp"

namespace oncoshare::fhir {

enum class OutputFormat : std::uint8_t { bundles, ndjson };

// Appends one transaction Bundle entry to `bundle`: fullUrl urn:uuid:<id>, the resource
// (`json`, already compact JSON) and request PUT <type>/<id>. No separating comma.
void append_bundle_entry(std::string& bundle, std::string_view type, std::string_view id, std::string_view json);

// Writes <dir>/<patient id>.json: a Bundle of type transaction whose entries have fullUrl
// urn:uuid:<id> and request PUT <Type>/<id>, so it can be POSTed to a FHIR server and
// re-posting updates rather than duplicates.
class BundleSink final : public ResourceSink {
 public:
  explicit BundleSink(std::string dir) : dir_(std::move(dir)) {}
  core::Status begin_patient(std::string_view patient_id) override;
  core::Status resource(std::string_view type, std::string_view id, std::string_view json) override;
  core::Status end_patient() override;
  [[nodiscard]] std::uint64_t bytes_written() const { return bytes_; }

 private:
  std::string dir_;
  std::string patient_id_;
  std::string bundle_;
  bool first_entry_ = true;
  std::uint64_t bytes_ = 0;
};

// Appends each resource as one line to <dir>/<Type>.ndjson.
class NdjsonSink final : public ResourceSink {
 public:
  explicit NdjsonSink(std::string dir);
  ~NdjsonSink() override;
  NdjsonSink(const NdjsonSink&) = delete;
  NdjsonSink& operator=(const NdjsonSink&) = delete;
  core::Status begin_patient(std::string_view) override { return {}; }
  core::Status resource(std::string_view type, std::string_view id, std::string_view json) override;
  core::Status end_patient() override { return {}; }
  // Flushes and closes every file; errors name the file.
  [[nodiscard]] core::Status close();
  [[nodiscard]] std::uint64_t bytes_written() const { return bytes_; }

 private:
  struct File;
  std::string dir_;
  std::map<std::string, std::unique_ptr<File>, std::less<>> files_;
  std::uint64_t bytes_ = 0;
};

}  // namespace oncoshare::fhir
