#include "hooks/native_hook.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include "core/paths.hpp"
#include "hooks/chained_hook.hpp"

namespace hookagent::hooks {
namespace fs = std::filesystem;

namespace {

// The trailer ends in this fixed-size footer, so a reader finds it from the end.
constexpr std::string_view kFooterTag = "hookagent-trailer:";
constexpr size_t kFooterDigits = 8;
constexpr size_t kFooterSize = kFooterTag.size() + kFooterDigits + 1;
constexpr size_t kMaxTrailer = 64 * 1024;
constexpr std::string_view kTrailerStart = "\n# hookagent-shim v2 (";

std::int64_t mtime_ns(const struct stat& st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

bool read_exact(int fd, char* into, size_t size, off_t at) {
  while (size > 0) {
    ssize_t n = pread(fd, into, size, at);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      return false;
    }
    into += n;
    size -= static_cast<size_t>(n);
    at += n;
  }
  return true;
}

template <class Int>
bool parse_int(std::string_view text, Int& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

std::optional<NativeTrailer> parse_trailer(std::string_view text) {
  if (!text.starts_with(kTrailerStart)) return std::nullopt;
  text.remove_prefix(kTrailerStart.size());
  const size_t close = text.find(')');
  if (close == std::string_view::npos) return std::nullopt;
  NativeTrailer t;
  t.hook = std::string(text.substr(0, close));
  bool has_origin = false, has_size = false, has_mtime = false;
  for (size_t pos = text.find('\n'); pos != std::string_view::npos && pos + 1 < text.size();) {
    const size_t end = text.find('\n', pos + 1);
    if (end == std::string_view::npos) break;
    std::string_view line = text.substr(pos + 1, end - pos - 1);
    if (line.starts_with("origin=")) {
      t.origin = std::string(line.substr(7));
      has_origin = !t.origin.empty();
    } else if (line.starts_with("origin-size=")) {
      has_size = parse_int(line.substr(12), t.origin_size);
    } else if (line.starts_with("origin-mtime-ns=")) {
      has_mtime = parse_int(line.substr(16), t.origin_mtime_ns);
    }
    pos = end;
  }
  if (!has_origin || !has_size || !has_mtime || !parse_hook_name(t.hook)) return std::nullopt;
  return t;
}

bool is_executable_file(const fs::path& p, struct stat* st) {
  return ::stat(p.c_str(), st) == 0 && S_ISREG(st->st_mode) && access(p.c_str(), X_OK) == 0;  // hookagent:allow
}

std::string render_trailer(Hook hook, const fs::path& origin, const struct stat& st) {
  std::string body = std::string(kTrailerStart) + std::string(hook_name(hook)) + "): a copy of " + origin.string() +
                     " that `hookagent install` wrote; `hookagent uninstall` puts back what was here.\n" +
                     "origin=" + origin.string() + "\n" + "origin-size=" + std::to_string(st.st_size) + "\n" +
                     "origin-mtime-ns=" + std::to_string(mtime_ns(st)) + "\n";
  std::string digits = std::to_string(body.size() + kFooterSize);
  return body + std::string(kFooterTag) + std::string(kFooterDigits - digits.size(), '0') + digits + "\n";
}

}  // namespace

std::optional<NativeTrailer> read_native_trailer(const fs::path& file) {
  const int fd = open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::optional<NativeTrailer> found;
  struct stat st{};
  char footer[kFooterSize];
  size_t length = 0;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<size_t>(st.st_size) > kFooterSize &&
      read_exact(fd, footer, kFooterSize, st.st_size - static_cast<off_t>(kFooterSize)) &&
      std::string_view(footer, kFooterTag.size()) == kFooterTag && footer[kFooterSize - 1] == '\n' &&
      parse_int(std::string_view(footer + kFooterTag.size(), kFooterDigits), length) && length > kFooterSize &&
      length <= kMaxTrailer && length < static_cast<size_t>(st.st_size)) {
    std::string text(length, '\0');
    if (read_exact(fd, text.data(), length, st.st_size - static_cast<off_t>(length))) found = parse_trailer(text);
  }
  close(fd);
  return found;
}

bool origin_matches(const NativeTrailer& trailer) {
  struct stat st{};
  return is_executable_file(trailer.origin, &st) && static_cast<std::uintmax_t>(st.st_size) == trailer.origin_size &&
         mtime_ns(st) == trailer.origin_mtime_ns;
}

Result<std::string> render_native_hook(Hook hook, const fs::path& hook_binary_dir) {
  const fs::path origin = (fs::absolute(hook_binary_dir) / std::string(hook_name(hook))).lexically_normal();
  if (origin.string().find('\n') != std::string::npos)
    return fail(ErrorKind::Usage, "the hook binary's path holds a newline", origin.string(),
                "install hookagent under a plain path, or use `hookagent install --sh-shim`");
  std::ifstream in(origin, std::ios::binary);
  struct stat st{};
  if (!in || ::stat(origin.c_str(), &st) != 0)
    return fail(ErrorKind::Io, "cannot read hookagent's hook binary", origin.string(),
                "reinstall hookagent, or set HOOKAGENT_HOOK_BINARY_DIR to the directory holding the hook binaries");
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::string file = bytes.str();
  if (file.size() != static_cast<size_t>(st.st_size))
    return fail(ErrorKind::Io, "the hook binary changed while it was read", origin.string(), "run the install again");
  return file + render_trailer(hook, origin, st);
}

std::optional<int> run_as_native_copy(Hook hook, int argc, char** argv) {
  if (argc < 1 || std::getenv(kHookPathEnv)) return std::nullopt;  // the sh shim ran us: not a copy
  auto trailer = read_native_trailer("/proc/self/exe");
  if (!trailer) return std::nullopt;
  // What the shim passes as "$0": where git ran the hook, beside which a kept hook sits.
  setenv(kHookPathEnv, argv[0], 1);
  if (origin_matches(*trailer)) {
    resolve_paths_as(trailer->origin);
    return std::nullopt;
  }
  struct stat st{};
  const std::string origin = trailer->origin.string();
  if (is_executable_file(trailer->origin, &st)) {
    // Upgraded or rebuilt since install: the installed binary speaks for this copy.
    execv(origin.c_str(), argv);
  }
  if (hook == Hook::PreReceive) {
    say(hook, origin + " is missing (removed or moved), so nothing can be checked: refusing the push. Reinstall "
                       "hookagent, or remove this hook with 'hookagent uninstall --server'.");
    return 1;
  }
  say(hook, origin + " is missing (removed or moved); reinstall hookagent or run 'hookagent uninstall'. Skipping "
                     "hookagent's " + std::string(hook_name(hook)) + " checks.");
  const std::string chained = std::string(argv[0]) + std::string(kChainedSuffix);
  if (is_executable_file(chained, &st)) {
    unsetenv(kHookPathEnv);
    std::vector<char*> args(argv, argv + argc);
    args[0] = const_cast<char*>(chained.c_str());
    args.push_back(nullptr);
    execv(chained.c_str(), args.data());
    say(hook, chained + " cannot be started: " + std::strerror(errno));
    return 1;
  }
  return 0;
}

}  // namespace hookagent::hooks
