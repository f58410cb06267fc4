#include "crypt4gh/detail/armor.hpp"

#include <sodium.h>

#include <vector>

namespace oncoshare::crypt4gh::detail {

namespace {
constexpr int kVariant = sodium_base64_VARIANT_ORIGINAL;
constexpr std::string_view kBegin = "-----BEGIN ";
constexpr std::string_view kEnd = "-----END ";
constexpr std::string_view kDashes = "-----";

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}
}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), kVariant);
  out.resize(out.size() - 1);  // drop the terminating NUL
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &length, &end, kVariant) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

std::string armor(std::string_view label, std::string_view bytes) {
  std::string out;
  out.append(kBegin).append(label).append(kDashes).append("\n");
  out.append(base64_encode(bytes)).append("\n");
  out.append(kEnd).append(label).append(kDashes).append("\n");
  return out;
}

std::optional<std::string> dearmor(std::string_view text, std::string* label) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = trim(text.substr(0, nl));
    if (!line.empty()) lines.push_back(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  if (lines.size() < 2 || !lines.front().starts_with(kBegin) || !lines.back().starts_with(kEnd)) {
    return std::nullopt;
  }
  if (label != nullptr) {
    std::string_view l = lines.front().substr(kBegin.size());
    if (l.ends_with(kDashes)) l.remove_suffix(kDashes.size());
    *label = std::string(l);
  }
  std::string body;
  for (std::size_t i = 1; i + 1 < lines.size(); ++i) body.append(lines[i]);
  return base64_decode(body);
}

}  // namespace oncoshare::crypt4gh::detail
