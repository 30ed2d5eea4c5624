#include "policy/path_sandbox.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace hookagent::policy {
namespace fs = std::filesystem;

namespace {

constexpr int kMaxSymlinks = 40;  // as Linux's ELOOP limit

fs::path canonical_or_self(const fs::path& p) {
  std::error_code ec;
  auto c = fs::canonical(p, ec);
  return ec ? p.lexically_normal() : c;
}

// Walks `path` (absolute) component by component like the kernel does:
// a symlink is replaced by its target, `..` goes to the parent of what was
// resolved so far. Missing components are kept as written.
fs::path resolve_components(const fs::path& path, int& budget) {
  fs::path done = "/";
  for (const auto& part : path.relative_path()) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      done = done.parent_path();
      continue;
    }
    fs::path next = done / part;
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(next, ec))) {
      if (--budget < 0) return fs::path("/\x01symlink-loop");
      fs::path target = fs::read_symlink(next, ec);
      if (ec) return fs::path("/\x01unreadable-symlink");
      next = resolve_components(target.is_absolute() ? target : done / target, budget);
    }
    done = next;
  }
  return done;
}

bool is_prefix(const fs::path& prefix, const fs::path& p) {
  auto [a, b] = std::mismatch(prefix.begin(), prefix.end(), p.begin(), p.end());
  return a == prefix.end();
}

bool equals_ascii_nocase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

PathSandbox::PathSandbox(const fs::path& root, const fs::path& git_dir, const fs::path& home)
    : root_(canonical_or_self(fs::absolute(root))),
      git_dir_(git_dir.empty() ? fs::path() : canonical_or_self(fs::absolute(git_dir))),
      home_(canonical_or_self(home)) {}

ResolvedPath PathSandbox::resolve(std::string_view text, const fs::path& cwd) const {
  fs::path p;
  if (text == "~" || text.starts_with("~/")) {
    p = home_ / std::string(text.substr(std::min<std::size_t>(2, text.size())));
  } else if (text.starts_with("~")) {
    p = "/\x01other-users-home";  // ~user: somebody else's home, never inside the repo
  } else {
    p = std::string(text);
    if (p.is_relative()) p = cwd / p;
  }
  int budget = kMaxSymlinks;
  ResolvedPath out;
  out.absolute = resolve_components(p, budget);
  out.inside_root = is_prefix(root_, out.absolute);
  if (out.inside_root) {
    out.relative = out.absolute.lexically_relative(root_).generic_string();
    if (out.relative == ".") out.relative.clear();
    for (const auto& part : fs::path(out.relative))
      if (equals_ascii_nocase(part.string(), ".git")) out.in_git_dir = true;
  }
  if (!git_dir_.empty() && is_prefix(git_dir_, out.absolute)) out.in_git_dir = true;
  return out;
}

bool is_harmless_device(std::string_view path) {
  return path == "/dev/null" || path == "/dev/stdout" || path == "/dev/stderr" || path == "/dev/stdin";
}

bool has_non_ascii(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

std::optional<std::string> find_deceptive_text(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    const int len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (len == 0 || i + len > text.size()) return "invalid UTF-8";
    char32_t cp = c & (0xFF >> (len + 1));
    for (int k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return "invalid UTF-8";
      cp = (cp << 6) | (cc & 0x3F);
    }
    const bool invisible = cp == 0xAD || cp == 0x180E || (cp >= 0x200B && cp <= 0x200F) ||
                           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
                           (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
    if (invisible) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
      return std::string("an invisible or direction-changing character ") + buf;
    }
    i += len;
  }
  return std::nullopt;
}

}  // namespace hookagent::policy
