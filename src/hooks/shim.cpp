#include "hooks/shim.hpp"

#include <fstream>
#include <sstream>

#include "core/paths.hpp"
#include "hooks/native_hook.hpp"

namespace hookagent::hooks {
namespace fs = std::filesystem;

namespace {

// Single-quoted for sh: a ' inside becomes '\'' .
std::string sh_single_quoted_body(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out;
}

void replace_all(std::string& text, std::string_view from, const std::string& to) {
  for (size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size()))
    text.replace(pos, from.size(), to);
}

}  // namespace

Result<std::string> render_shim(Hook hook, const fs::path& hook_binary_dir) {
  const auto template_path = data_dir() / "templates" / "hook-shim.sh";
  std::ifstream in(template_path, std::ios::binary);
  if (!in)
    return fail(ErrorKind::Io, "cannot read the hook shim template", template_path.string(),
                "reinstall hookagent, or set HOOKAGENT_DATA_DIR to the directory holding templates/");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  if (text.find(kShimMarker) == std::string::npos)
    return fail(ErrorKind::Internal, "the hook shim template lacks its marker line",
                template_path.string(), "reinstall hookagent");
  const std::string name(hook_name(hook));
  const auto binary = (fs::absolute(hook_binary_dir) / name).lexically_normal().string();
  replace_all(text, "@HOOK_BINARY@", sh_single_quoted_body(binary));
  replace_all(text, "@HOOK@", name);
  // A server hook that cannot run must not let pushes through unchecked; a
  // developer's hook that cannot run only says so.
  replace_all(text, "@FAIL_CLOSED@", hook == Hook::PreReceive ? "yes" : "no");
  return text;
}

bool is_our_shim(const fs::path& file) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(file, ec))) return false;
  if (read_native_trailer(file)) return true;
  std::ifstream in(file, std::ios::binary);
  std::string line;
  // The marker sits in the first few lines; reading more of a foreign binary is pointless.
  for (int i = 0; i < 5 && std::getline(in, line); ++i)
    if (line.rfind(kShimMarker, 0) == 0) return true;
  return false;
}

}  // namespace hookagent::hooks
