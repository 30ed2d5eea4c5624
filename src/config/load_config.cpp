// load_config: the layers of DESIGN §10, applied in order, later wins.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "config/apply.hpp"
#include "config/config.hpp"
#include "config/schema.hpp"
#include "config/toml_layer.hpp"
#include "config/trust.hpp"
#include "config/trust_filter.hpp"
#include "core/sha256.hpp"

extern char** environ;

namespace hookagent {
namespace fs = std::filesystem;
using config::Setting;

namespace {

struct EnvMapping {
  const char* variable;
  const char* key;
  char list_separator;
};

// Documented in config.hpp; keep the two in step.
constexpr EnvMapping kEnvMappings[] = {
    {"HOOKAGENT_PROVIDER", "provider.kind", ','},     {"HOOKAGENT_MODEL", "provider.model", ','},
    {"HOOKAGENT_API_KEY_ENV", "provider.api_key_env", ','}, {"HOOKAGENT_BASE_URL", "provider.base_url", ','},
    {"HOOKAGENT_BLOCK_ON", "hooks.*.block_on", ','},  {"HOOKAGENT_ON_ERROR", "hooks.*.on_error", ','},
    {"HOOKAGENT_TIMEOUT", "hooks.*.timeout", ','},    {"HOOKAGENT_AGENT", "hooks.*.agent", ','},
    {"HOOKAGENT_SCAN_PACKS", "scan.packs", ','},      {"HOOKAGENT_SKILL_PATHS", "skills.paths", ':'},
};

// The file's bytes, or nullopt when it does not exist. One open, one fstat
// and a read: every hook run reads three of these, most of them absent.
Result<std::optional<std::string>> read_optional(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::optional<std::string>{};
    if (errno == EISDIR)
      return fail(ErrorKind::Config, "config path is a directory", path.string(), "remove it or make it a TOML file");
    return fail(ErrorKind::Config, "cannot read config file (" + std::string(std::strerror(errno)) + ")",
                path.string(), "check its permissions");
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st{};
  if (::fstat(fd, &st) != 0)
    return fail(ErrorKind::Config, "cannot read config file", path.string(), "check its permissions");
  if (S_ISDIR(st.st_mode))
    return fail(ErrorKind::Config, "config path is a directory", path.string(), "remove it or make it a TOML file");
  // A config file holds settings, never data: refuse a huge one rather than parse it on every hook.
  constexpr off_t kMaxConfigBytes = 1 << 20;
  if (st.st_size > kMaxConfigBytes)
    return fail(ErrorKind::Config,
                "config file is too large (" + std::to_string(st.st_size) + " bytes; the limit is 1 MiB)",
                path.string(), "keep only settings in it");
  std::string text;
  char block[16384];
  for (;;) {
    const ssize_t n = ::read(fd, block, sizeof block);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      return fail(ErrorKind::Config, "cannot read config file (" + std::string(std::strerror(errno)) + ")",
                  path.string(), "check its permissions");
    if (n == 0) break;
    text.append(block, static_cast<std::size_t>(n));
    if (text.size() > static_cast<std::size_t>(kMaxConfigBytes))
      return fail(ErrorKind::Config, "config file is too large (over 1 MiB)", path.string(), "keep only settings in it");
  }
  return std::optional<std::string>{std::move(text)};
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    if (!kv.starts_with("HOOKAGENT_")) continue;
    auto eq = kv.find('=');
    if (eq != std::string_view::npos) env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return env;
}

Status apply_text(Config& cfg, const std::string& dotted, const std::string& text, const std::string& where,
                  char list_separator) {
  auto refs = config::resolve_dotted_key(dotted, where);
  if (!refs) return std::unexpected(refs.error());
  for (auto& ref : *refs) {
    auto value = config::parse_text_value(*ref.spec, text, where, list_separator);
    if (!value) return std::unexpected(value.error());
    config::apply_setting(cfg, Setting{ref.canonical, std::move(*value), where});
  }
  return ok();
}

class Loader {
 public:
  explicit Loader(const ConfigSources& src) : src_(src), cfg_(default_config()) {}

  Result<Config> run() {
    fs::path user = src_.user_config.empty() ? default_user_config_path() : src_.user_config;
    if (auto s = file_layer("user", user, user.parent_path(), false); !s) return std::unexpected(s.error());
    const RepoPaths& repo = src_.repo;
    if (!repo.work_tree.empty())
      if (auto s = file_layer("repo", repo_config_path(repo.work_tree), repo.work_tree, true); !s)
        return std::unexpected(s.error());
    fs::path common = repo.common_dir.empty() ? repo.git_dir : repo.common_dir;
    if (!common.empty()) {
      fs::path base = repo.work_tree.empty() ? common : repo.work_tree;
      if (auto s = file_layer("local", common / "hookagent.toml", base, false); !s) return std::unexpected(s.error());
    }
    if (auto s = env_layer(); !s) return std::unexpected(s.error());
    for (auto& [key, value] : src_.flag_overrides)
      if (auto s = apply_text(cfg_, key, value, "flag " + key, ','); !s) return std::unexpected(s.error());
    if (auto s = finish(); !s) return std::unexpected(s.error());
    return std::move(cfg_);
  }

 private:
  Status file_layer(const std::string& layer, const fs::path& path, const fs::path& base, bool committed) {
    ConfigFileInfo info{layer, path, false, true};
    auto content = read_optional(path);
    if (!content) return std::unexpected(content.error());
    if (!*content) {
      cfg_.files.push_back(info);
      return ok();
    }
    info.present = true;
    auto settings = config::read_toml_layer(**content, path, base);
    if (!settings) return std::unexpected(settings.error());
    if (!committed) {
      for (auto& s : *settings) config::apply_setting(cfg_, s);
    } else {
      info.trusted = apply_committed(*settings, **content);
    }
    cfg_.files.push_back(info);
    return ok();
  }

  // A committed file applies as written only where it narrows, unless the user
  // trusted this exact content. Returns whether the file counts as trusted.
  bool apply_committed(const std::vector<Setting>& settings, const std::string& content) {
    const Config safer = cfg_;  // defaults + user: the values a repo may not loosen
    std::optional<bool> trusted;  // looked up only when a key needs it (one more file read)
    for (auto& s : settings) {
      auto check = config::check_repo_setting(safer, s);
      if (check.reason.empty()) {
        config::apply_setting(cfg_, *check.untrusted_form);
        continue;
      }
      if (!trusted) trusted = is_trusted(trust_store(), src_.repo.work_tree, sha256_hex(content));
      if (*trusted) {
        config::apply_setting(cfg_, s);
        continue;
      }
      if (check.untrusted_form) config::apply_setting(cfg_, *check.untrusted_form);
      else keep_provider_table(s.key);
      cfg_.untrusted_keys.push_back(config::untrusted_line(s, check.reason, check.untrusted_form.has_value()));
    }
    return trusted.value_or(true);
  }

  // [providers.x] still names a provider when all its keys were ignored, so a hook that picks it
  // gets that provider with safe defaults rather than a "not defined" error.
  void keep_provider_table(const std::string& key) {
    if (!key.starts_with("providers.")) return;
    std::string name = key.substr(10, key.rfind('.') - 10);
    auto [it, inserted] = cfg_.providers.try_emplace(name);
    if (inserted) it->second.name = name;
  }

  fs::path trust_store() const {
    return src_.trust_store.empty() ? default_trust_store_path() : src_.trust_store;
  }

  Status env_layer() {
    auto env = src_.env ? *src_.env : process_environment();
    for (auto& m : kEnvMappings) {
      auto it = env.find(m.variable);
      if (it == env.end() || it->second.empty()) continue;
      if (auto s = apply_text(cfg_, m.key, it->second, m.variable, m.list_separator); !s) return s;
    }
    return ok();
  }

  // Cross-key checks and values that follow from others.
  Status finish() {
    for (auto& [name, p] : cfg_.providers) {
      std::string prefix = "providers." + name + ".";
      if (p.api_key_env.empty() && (p.kind == "anthropic" || p.kind == "openai")) {
        p.api_key_env = p.kind == "anthropic" ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY";
        cfg_.origins[prefix + "api_key_env"] = ValueOrigin{"default for kind \"" + p.kind + "\""};
      }
      if (p.kind == "command" && p.command.empty())
        return fail(ErrorKind::Config, "provider '" + name + "' has kind = \"command\" but no command",
                    cfg_.origins[prefix + "kind"].source,
                    "add command = [\"claude\", \"-p\", \"--output-format\", \"json\"] (or your agent CLI)");
    }
    for (auto& [hook, h] : cfg_.hooks) {
      if (h.provider.empty() || cfg_.providers.count(h.provider)) continue;
      std::string known;
      for (auto& [name, p] : cfg_.providers) known += (known.empty() ? "" : ", ") + name;
      return fail(ErrorKind::Config, "hooks." + hook + ".provider names '" + h.provider + "', which is not defined",
                  cfg_.origins["hooks." + hook + ".provider"].source,
                  "add a [providers." + h.provider + "] table or use one of: " + known);
    }
    return ok();
  }

  const ConfigSources& src_;
  Config cfg_;
};

}  // namespace

Result<Config> load_config(const ConfigSources& sources) { return Loader(sources).run(); }

}  // namespace hookagent
