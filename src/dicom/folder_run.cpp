#include "dicom/folder_run.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <stdio.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <variant>

namespace oncoshare::dicom {

namespace fs = std::filesystem;

namespace {

// Every regular file below `dir`, sorted, as paths relative to it.
core::Result<std::vector<std::string>> list_files(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return core::bad_input(fmt::format("{}: not a folder", dir));
  std::vector<std::string> files;
  fs::recursive_directory_iterator it(dir, fs::directory_options::none, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec) && !it->is_symlink(ec)) files.push_back(fs::relative(it->path(), dir, ec).string());
  }
  if (ec) return core::io_error(fmt::format("{}: cannot list the folder: {}", dir, ec.message()));
  std::sort(files.begin(), files.end());
  return files;
}

// Moves `from` to `to` unless `to` exists (then false). Creates the parent folders.
core::Result<bool> move_into_place(const std::string& from, const fs::path& to) {
  std::error_code ec;
  fs::create_directories(to.parent_path(), ec);  // concurrent creation of one folder is fine
  if (ec) return core::io_error(fmt::format("{}: cannot create the folder: {}", to.parent_path().string(), ec.message()));
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return true;
  if (errno == EEXIST) return false;
  return core::io_error(fmt::format("{}: cannot write: {}", to.string(), std::strerror(errno)));
}

// The studies, series and instances placed so far: a file that would make one study belong to
// two patients, one series to two studies or one instance to two series is left out (a FHIR
// ImagingStudy, like the DICOM model, nests them), the first file in input order is kept.
class Hierarchy {
 public:
  // Empty when `r` fits what is placed, else why it does not (never a value).
  std::string conflict(const InstanceRecord& r) const {
    if (const auto it = study_patient_.find(r.study_uid); it != study_patient_.end() && it->second != r.patient_pseudonym) {
      return "its study is another patient's in this folder (one Study Instance UID under two PatientIDs)";
    }
    if (const auto it = series_study_.find(r.series_uid); it != series_study_.end() && it->second != r.study_uid) {
      return "its series is in another study in this folder (one Series Instance UID in two studies)";
    }
    if (instances_.contains(r.sop_instance_uid)) {
      return "its SOP Instance UID is another file's in this folder (a copy of an instance is kept once)";
    }
    return {};
  }
  void place(const InstanceRecord& r) {
    study_patient_.emplace(r.study_uid, r.patient_pseudonym);
    series_study_.emplace(r.series_uid, r.study_uid);
    instances_.insert(r.sop_instance_uid);
  }

 private:
  std::unordered_map<std::string, std::string> study_patient_;
  std::unordered_map<std::string, std::string> series_study_;
  std::unordered_set<std::string> instances_;
};

struct Written {
  InstanceRecord record;
  std::string partial;  // the de-identified file, not yet in place
  std::uint64_t bytes_in = 0;
};
struct Review {
  std::string reason;
};
struct Failed {
  std::string reason;
};
using FileOutcome = std::variant<Written, Review, Failed>;

}  // namespace

std::string instance_path(const InstanceRecord& r) {
  return fmt::format("{}/{}/{}/{}.dcm", r.patient_pseudonym, r.study_uid, r.series_uid, r.sop_instance_uid);
}

core::Result<FolderResult> deidentify_folder(const Deidentifier& deidentifier, const std::string& in_dir,
                                             const std::string& out_dir, unsigned threads,
                                             const FolderProgress& progress) {
  core::Result<std::vector<std::string>> files = list_files(in_dir);
  if (!files) return files.error();
  if (progress.listed) progress.listed(files->size());
  std::vector<std::optional<FileOutcome>> outcomes(files->size());
  std::atomic<std::size_t> next{0};
  std::mutex progress_mutex;
  std::uint64_t done = 0;

  auto work = [&] {
    for (std::size_t i = next++; i < files->size(); i = next++) {
      const std::string input = (fs::path(in_dir) / (*files)[i]).string();
      std::string partial = fmt::format("{}/.partial-{}.dcm", out_dir, i);
      core::Result<DeidentifiedFile> file = deidentifier.deidentify(input, partial);
      if (!file) {
        outcomes[i] = Failed{file.error().message};
      } else if (file->outcome == Outcome::burned_in) {
        outcomes[i] = Review{file->review_reason};
      } else {
        std::error_code ec;
        outcomes[i] = Written{std::move(file->record), std::move(partial), fs::file_size(input, ec)};
      }
      std::lock_guard lock(progress_mutex);
      ++done;
      if (progress.done) progress.done(done);
    }
  };
  const std::size_t wanted = threads != 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
  {
    std::vector<std::jthread> workers;
    for (std::size_t t = 1; t < std::min(wanted, files->size()); ++t) workers.emplace_back(work);
    work();
  }

  // Into place in input order, so which of two copies of one instance is kept does not
  // depend on the workers' timing.
  FolderResult result;
  Hierarchy placed;
  for (std::size_t i = 0; i < files->size(); ++i) {
    FileOutcome& outcome = *outcomes[i];
    if (auto* w = std::get_if<Written>(&outcome)) {
      std::error_code ec;
      const std::uint64_t size = fs::file_size(w->partial, ec);
      if (std::string conflict = placed.conflict(w->record); !conflict.empty()) {
        fs::remove(w->partial, ec);
        result.failed.push_back({(*files)[i], std::move(conflict)});
        continue;
      }
      core::Result<bool> moved = move_into_place(w->partial, fs::path(out_dir) / instance_path(w->record));
      if (!moved) return moved.error();  // the caller discards out_dir with the partial files
      if (!*moved) return core::Error{core::ErrorCode::internal, "two instances placed at one path"};
      placed.place(w->record);
      result.bytes_read += w->bytes_in;
      result.bytes_written += size;
      result.written.push_back(std::move(w->record));
    } else if (auto* r = std::get_if<Review>(&outcome)) {
      result.for_review.push_back({(*files)[i], std::move(r->reason)});
    } else {
      result.failed.push_back({(*files)[i], std::move(std::get<Failed>(outcome).reason)});
    }
  }
  return result;
}

}  // namespace oncoshare::dicom
