// De-identification of a whole folder: every regular file below the input folder, on all
// cores, each written under its new identity or reported with the reason it was not.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "dicom/deidentifier.hpp"
#include "dicom/instance_record.hpp"

namespace oncoshare::dicom {

// A file that was not written, by its path relative to the input folder, and why.
struct SkippedFile {
  std::string path;
  std::string reason;
};

struct FolderResult {
  std::vector<InstanceRecord> written;  // in input path order
  std::vector<SkippedFile> for_review;  // suspected burned-in text: left out for a person to check
  std::vector<SkippedFile> failed;      // not DICOM, truncated, unknown transfer syntax, unlinked, ...
  std::uint64_t bytes_read = 0;         // of the written files
  std::uint64_t bytes_written = 0;
};

// Where an instance goes below the output folder: <pseudonym>/<study>/<series>/<instance>.dcm,
// names made only of de-identified values.
[[nodiscard]] std::string instance_path(const InstanceRecord& record);

// What a long run tells its caller (both optional): the number of files found, once before
// the work starts, then the number done so far (from the workers, one call at a time).
struct FolderProgress {
  std::function<void(std::uint64_t files)> listed;
  std::function<void(std::uint64_t done)> done;
};

// De-identifies every regular file below `in_dir` (sorted by path; symbolic links are not
// followed) into `out_dir` at instance_path(), with `threads` workers (0: one per core).
// A file that fails is reported in the result and the others go on; two inputs that become
// the same instance (a copy of one file), or that would put one study under two patients or
// one series in two studies, keep the first in path order and report the others.
// Errors: `in_dir` is not a readable folder, or writing below `out_dir` fails (then `out_dir`
// may hold partial files: the caller discards it).
[[nodiscard]] core::Result<FolderResult> deidentify_folder(const Deidentifier& deidentifier,
                                                           const std::string& in_dir, const std::string& out_dir,
                                                           unsigned threads, const FolderProgress& progress = {});

}  // namespace oncoshare::dicom
