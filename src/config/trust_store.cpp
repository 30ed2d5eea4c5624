// The trust store: a small TOML file in the user's state directory,
//   [[repo]]
//   path = "/home/u/src/project"
//   sha256 = "<hex of .hookagent.toml's bytes>"
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>
#include <unistd.h>

#include "config/trust.hpp"
#include "core/sha256.hpp"

namespace hookagent {
namespace fs = std::filesystem;

namespace {

struct TrustRecord {
  std::string path;
  std::string sha256;
};

std::string repo_key(const fs::path& work_tree) {
  std::error_code ec;
  auto canonical = fs::weakly_canonical(work_tree, ec);
  return (ec ? work_tree : canonical).string();
}

Result<std::vector<TrustRecord>> read_store(const fs::path& store) {
  std::vector<TrustRecord> records;
  std::error_code ec;
  if (!fs::exists(store, ec)) return records;
  try {
    toml::table root = toml::parse_file(store.string());
    if (auto* repos = root["repo"].as_array())
      for (auto& node : *repos)
        if (auto* t = node.as_table())
          records.push_back({(*t)["path"].value_or(std::string{}), (*t)["sha256"].value_or(std::string{})});
  } catch (const toml::parse_error& e) {
    return fail(ErrorKind::Config, "the trust store is not valid TOML: " + std::string(e.description()),
                store.string() + ":" + std::to_string(e.source().begin.line) + ":" +
                    std::to_string(e.source().begin.column),
                "delete it and run `hookagent trust` again in each repository you trust");
  }
  return records;
}

Status write_store(const fs::path& store, const std::vector<TrustRecord>& records) {
  toml::array repos;
  for (auto& r : records) repos.push_back(toml::table{{"path", r.path}, {"sha256", r.sha256}});
  toml::table root{{"repo", repos}};
  std::error_code ec;
  fs::create_directories(store.parent_path(), ec);
  // Write beside it and rename, so a crash never leaves half a store.
  fs::path tmp = store;
  tmp += ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "# Repositories whose .hookagent.toml you trusted with `hookagent trust`.\n" << root << "\n";
    if (!out) return fail(ErrorKind::Io, "cannot write the trust store", tmp.string(), "check the directory's permissions");
  }
  fs::rename(tmp, store, ec);
  if (ec) return fail(ErrorKind::Io, "cannot write the trust store: " + ec.message(), store.string(),
                      "check the directory's permissions");
  return ok();
}

}  // namespace

fs::path default_trust_store_path() {
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg) return fs::path(xdg) / "hookagent" / "trusted.toml";
  const char* home = std::getenv("HOME");
  return fs::path(home ? home : "") / ".local" / "state" / "hookagent" / "trusted.toml";
}

fs::path repo_config_path(const fs::path& work_tree) { return work_tree / ".hookagent.toml"; }

bool is_trusted(const fs::path& store, const fs::path& work_tree, const std::string& content_sha256) {
  auto records = read_store(store);
  if (!records) return false;
  std::string key = repo_key(work_tree);
  for (auto& r : *records)
    if (r.path == key && r.sha256 == content_sha256) return true;
  return false;
}

Result<std::string> trust_repo_config(const fs::path& store, const fs::path& work_tree) {
  fs::path file = repo_config_path(work_tree);
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return fail(ErrorKind::Usage, "there is no .hookagent.toml to trust", file.string(),
                "trust records a committed .hookagent.toml; this repository has none");
  std::ostringstream content;
  content << in.rdbuf();
  auto records = read_store(store);
  if (!records) return std::unexpected(records.error());
  std::string key = repo_key(work_tree);
  std::erase_if(*records, [&](const TrustRecord& r) { return r.path == key; });
  std::string hash = sha256_hex(content.str());
  records->push_back({key, hash});
  if (auto s = write_store(store, *records); !s) return std::unexpected(s.error());
  return hash;
}

Result<bool> revoke_repo_trust(const fs::path& store, const fs::path& work_tree) {
  auto records = read_store(store);
  if (!records) return std::unexpected(records.error());
  std::string key = repo_key(work_tree);
  auto removed = std::erase_if(*records, [&](const TrustRecord& r) { return r.path == key; });
  if (removed == 0) return false;
  if (auto s = write_store(store, *records); !s) return std::unexpected(s.error());
  return true;
}

}  // namespace hookagent
