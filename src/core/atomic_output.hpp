// Atomic outputs: write to a temporary next to the target, fsync, rename. A failure, an
// exception or SIGINT/SIGTERM/SIGHUP leaves no partial file or directory at the target; the
// temporaries of a run killed harder are removed by the next run of the same target.
// Outputs never replace an input of their run, and folders only an earlier output of the
// same command (see output_claim.hpp).
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/output_claim.hpp"
#include "core/result.hpp"

namespace oncoshare::core {

class AtomicFile {
 public:
  // Creates a temporary file beside `target` (mode 0644, or `mode` if given), after removing
  // stale temporaries of ended runs. Fails with bad_input if `target` is one of `inputs`.
  [[nodiscard]] static Result<AtomicFile> create(const std::string& target, unsigned mode = 0644,
                                                 std::span<const std::string> inputs = {});

  AtomicFile(AtomicFile&& other) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;
  AtomicFile(const AtomicFile&) = delete;
  ~AtomicFile();  // removes the temporary unless commit() succeeded

  // Buffered append. Errors are sticky and reported by commit().
  void write(std::string_view bytes);
  // Writes out the buffer and returns the temporary's descriptor, for a writer that places
  // bytes itself (pwrite) and then seeks it to their end; -1 after a write error.
  [[nodiscard]] int flushed_descriptor();
  // Flushes, fsyncs, renames over the target and fsyncs the directory.
  [[nodiscard]] Status commit();
  [[nodiscard]] const std::string& target() const { return target_; }

 private:
  AtomicFile(std::string target, std::string temp, int fd);
  void flush();

  std::string target_;
  std::string temp_;
  std::string buffer_;
  int fd_ = -1;
  int write_errno_ = 0;
  bool committed_ = false;
};

// Writes a whole file atomically in one call.
[[nodiscard]] Status write_file_atomically(const std::string& target, std::string_view bytes,
                                           unsigned mode = 0644, std::span<const std::string> inputs = {});

class AtomicDirectory {
 public:
  // Creates a temporary directory beside `target` holding the marker of `claim.command`; fill
  // it through path(). Fails with bad_input unless check_output_folder(target, claim) allows
  // the target to be replaced; removes stale temporaries of ended runs first.
  [[nodiscard]] static Result<AtomicDirectory> create(const std::string& target, const OutputClaim& claim);

  AtomicDirectory(AtomicDirectory&& other) noexcept;
  AtomicDirectory& operator=(AtomicDirectory&&) = delete;
  AtomicDirectory(const AtomicDirectory&) = delete;
  ~AtomicDirectory();  // removes the temporary tree unless commit() succeeded

  // The temporary directory to write into.
  [[nodiscard]] const std::string& path() const { return temp_; }
  // Replaces `target` (an earlier output, if any, is removed only after the swap).
  [[nodiscard]] Status commit();

 private:
  AtomicDirectory(std::string target, std::string temp);
  std::string target_;
  std::string temp_;
  bool committed_ = false;
};

}  // namespace oncoshare::core
