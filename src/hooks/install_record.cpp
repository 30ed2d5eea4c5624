#include "hooks/install_record.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace hookagent::hooks {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string to_text(const InstallRecord& r) {
  json hooks = json::array();
  for (const auto& h : r.hooks) hooks.push_back({{"name", h.name}, {"chained", h.chained}});
  json adoptions = json::array();
  for (const auto& a : r.adoptions)
    adoptions.push_back({{"tool", a.tool}, {"hook", a.hook}, {"file", a.file.string()}, {"added", a.added},
                         {"created_file", a.created_file}});
  json j = {
      {"version", 1},
      {"hooks_dir", r.hooks_dir.string()},
      {"created_hooks_dir", r.created_hooks_dir},
      {"hooks", hooks},
      {"added_rewrite_ref", r.added_rewrite_ref},
      {"merge_strategy_keys", r.merge_strategy_keys},
  };
  if (!r.adoptions.empty()) j["adoptions"] = adoptions;
  return j.dump(2) + "\n";
}

}  // namespace

InstalledHook* InstallRecord::find(const std::string& name) {
  for (auto& h : hooks)
    if (h.name == name) return &h;
  return nullptr;
}

fs::path install_record_path(const fs::path& common_dir) {
  return common_dir / "hookagent" / "install.json";
}

Result<std::optional<InstallRecord>> read_install_record(const fs::path& common_dir) {
  const auto path = install_record_path(common_dir);
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::optional<InstallRecord>{};
  try {
    auto j = json::parse(slurp(path));
    InstallRecord r;
    r.hooks_dir = j.at("hooks_dir").get<std::string>();
    r.created_hooks_dir = j.value("created_hooks_dir", false);
    for (const auto& h : j.at("hooks"))
      r.hooks.push_back({h.at("name").get<std::string>(), h.value("chained", false)});
    r.added_rewrite_ref = j.value("added_rewrite_ref", false);
    r.merge_strategy_keys = j.value("merge_strategy_keys", std::vector<std::string>{});
    for (const auto& a : j.value("adoptions", json::array()))
      r.adoptions.push_back({a.at("tool").get<std::string>(), a.at("hook").get<std::string>(),
                             a.at("file").get<std::string>(), a.at("added").get<std::string>(),
                             a.value("created_file", false)});
    return std::optional<InstallRecord>(std::move(r));
  } catch (const json::exception& e) {
    return fail(ErrorKind::Config, std::string("install record is unreadable: ") + e.what(),
                path.string(),
                "if you know which hooks you installed, restore them by hand; then delete this file");
  }
}

Status write_install_record(const fs::path& common_dir, const InstallRecord& record) {
  const auto path = install_record_path(common_dir);
  const auto text = to_text(record);
  std::error_code ec;
  if (fs::exists(path, ec) && slurp(path) == text) return ok();
  fs::create_directories(path.parent_path(), ec);
  auto tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) return fail(ErrorKind::Io, "cannot write the install record", tmp.string(),
                          "check that the git directory is writable");
  }
  fs::rename(tmp, path, ec);
  if (ec) return fail(ErrorKind::Io, "cannot write the install record: " + ec.message(), path.string());
  return ok();
}

Status remove_install_record(const fs::path& common_dir) {
  const auto path = install_record_path(common_dir);
  std::error_code ec;
  fs::remove(path, ec);
  if (ec) return fail(ErrorKind::Io, "cannot remove the install record: " + ec.message(), path.string());
  fs::remove(path.parent_path(), ec);  // only succeeds when empty, which is what we want
  return ok();
}

}  // namespace hookagent::hooks
