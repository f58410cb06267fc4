#include "core/output_claim.hpp"

#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace oncoshare::core {

namespace {

namespace fs = std::filesystem;
constexpr std::string_view kMarkerFirstLine = "oncoshare-output v1";

fs::path resolved(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return ec ? fs::absolute(path, ec).lexically_normal() : p;
}

// True if `inner` is `outer` or lies below it (both resolved).
bool within(const fs::path& inner, const fs::path& outer) {
  std::string in = inner.generic_string(), out = outer.generic_string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  while (in.size() > 1 && in.back() == '/') in.pop_back();
  return in == out || in.starts_with(out == "/" ? out : out + "/");
}

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  return resolved(a) == resolved(b) || fs::equivalent(a, b, ec);
}

// The command named by the marker in `folder`, or "" when there is no readable marker.
std::string marker_command(const fs::path& folder) {
  std::ifstream in(folder / kOutputMarker);
  std::string first, second;
  if (!std::getline(in, first) || first != kMarkerFirstLine || !std::getline(in, second)) return "";
  constexpr std::string_view kCommand = "command: ";
  return second.starts_with(kCommand) ? second.substr(kCommand.size()) : "";
}

Error refuse(const std::string& target, const std::string& why) { return bad_input(why, Location{target}); }

}  // namespace

std::string output_marker(std::string_view command) {
  return fmt::format("{}\ncommand: {}\nversion: {}\n", kMarkerFirstLine, command, ONCOSHARE_VERSION);
}

Status check_output_file(const std::string& target, std::span<const std::string> inputs) {
  for (const std::string& input : inputs) {
    if (!input.empty() && same_file(target, input)) {
      return refuse(target, "is also an input of this run; refusing to replace it");
    }
  }
  return {};
}

Status check_outside_folder(const std::string& target, const std::string& folder) {
  if (!folder.empty() && within(resolved(target), resolved(folder))) {
    return refuse(target, fmt::format("is inside the output folder {}, which this run replaces; write it elsewhere",
                                      folder));
  }
  return {};
}

Status check_output_folder(const std::string& target, const OutputClaim& claim) {
  ONCOSHARE_TRY(check_output_file(target, claim.inputs));
  const fs::path out = resolved(target);
  for (const std::string& input : claim.inputs) {
    if (input.empty()) continue;
    const fs::path in = resolved(input);
    if (within(in, out)) {
      return refuse(target, fmt::format("holds the input {}; refusing to replace it (choose another folder)", input));
    }
    std::error_code ec;
    if (fs::is_directory(in, ec) && within(out, in)) {
      return refuse(target, fmt::format("is inside the input folder {}; refusing to write there", input));
    }
  }
  std::error_code ec;
  if (!fs::is_directory(target, ec) || fs::is_empty(target, ec)) return {};
  const std::string owner = marker_command(target);
  if (owner.empty()) {
    return refuse(target, fmt::format("is not empty and has no {} marker (oncoshare did not write it); refusing to "
                                      "replace it (choose a new or empty folder)",
                                      kOutputMarker));
  }
  if (owner != claim.command) {
    return refuse(target, fmt::format("holds the output of 'oncoshare {}', not 'oncoshare {}'; refusing to replace "
                                      "it (choose another folder)",
                                      owner, claim.command));
  }
  return {};
}

}  // namespace oncoshare::core
