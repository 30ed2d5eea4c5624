#pragma once
// What `hookagent install` changed, kept in <common git dir>/hookagent/install.json
// so that `uninstall` can put back exactly what was there (worktrees share it).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace hookagent::hooks {

struct InstalledHook {
  std::string name;      // "pre-commit"
  bool chained = false;  // a foreign hook was kept as <name>.hookagent-chained
};

// hookagent added to another hook manager's config (hooks/adoption.hpp).
struct Adoption {
  std::string tool;             // "husky", "lefthook", "pre-commit"
  std::string hook;             // "pre-commit"
  std::filesystem::path file;   // relative to the work tree: .husky/pre-commit, lefthook.yml
  std::string added;            // the exact text inserted; uninstall removes exactly this
  bool created_file = false;    // the file did not exist before (uninstall deletes it when only ours is left)
};

struct InstallRecord {
  std::filesystem::path hooks_dir;  // absolute
  bool created_hooks_dir = false;   // uninstall removes it again when it is empty
  std::vector<InstalledHook> hooks;
  // Config values install added; uninstall removes exactly these.
  bool added_rewrite_ref = false;
  std::vector<std::string> merge_strategy_keys;
  std::vector<Adoption> adoptions;

  InstalledHook* find(const std::string& name);
};

std::filesystem::path install_record_path(const std::filesystem::path& common_dir);

// nullopt when nothing was ever installed in this repository.
Result<std::optional<InstallRecord>> read_install_record(const std::filesystem::path& common_dir);
// Writes atomically (temp file + rename); a byte-identical record is not rewritten.
Status write_install_record(const std::filesystem::path& common_dir, const InstallRecord& record);
Status remove_install_record(const std::filesystem::path& common_dir);

}  // namespace hookagent::hooks
