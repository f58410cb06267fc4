// Outputs never destroy data: an output folder may replace only an earlier output of the
// same command (recognised by the marker file written into every output folder), and no
// output may replace, swallow or nest inside an input of its run.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace oncoshare::core {

// Written into every output folder: "oncoshare-output v1\ncommand: NAME\nversion: X.Y.Z\n".
inline constexpr std::string_view kOutputMarker = ".oncoshare-output";

// Who writes an output folder, and what that run reads.
struct OutputClaim {
  std::string command;              // e.g. "quality"; "crypt4gh keygen" style names work too
  std::vector<std::string> inputs;  // files and folders read by the run; empty strings are ignored
};

// Ok if `target` may receive a new output of `claim.command`: it is missing, an empty folder,
// or a folder holding that command's marker; and it is not an input, holds no input and lies
// inside no input folder (paths compared after resolving symlinks, "..", and hard links).
// Otherwise a bad_input error naming `target`.
[[nodiscard]] Status check_output_folder(const std::string& target, const OutputClaim& claim);

// Ok unless the file `target` is one of `inputs` under any name.
[[nodiscard]] Status check_output_file(const std::string& target, std::span<const std::string> inputs);

// Ok unless the file `target` lies inside `folder`, which this run replaces as a whole (the
// file would be written, then lost with the folder's old contents).
[[nodiscard]] Status check_outside_folder(const std::string& target, const std::string& folder);

// The marker text for an output of `command`.
[[nodiscard]] std::string output_marker(std::string_view command);

}  // namespace oncoshare::core
