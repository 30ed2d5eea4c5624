#pragma once
// `hookagent trust`: the user's record of which committed .hookagent.toml files
// may set the keys DESIGN §10 reserves for trusted layers. Keyed by the repo's
// work tree path and the SHA-256 of the file's bytes, so an edited file is
// untrusted again.
#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace hookagent {

// $XDG_STATE_HOME/hookagent/trusted.toml, else ~/.local/state/hookagent/trusted.toml.
std::filesystem::path default_trust_store_path();

// The committed repo config of a work tree: <work_tree>/.hookagent.toml.
std::filesystem::path repo_config_path(const std::filesystem::path& work_tree);

// True when `store` records this repo with exactly this content hash.
bool is_trusted(const std::filesystem::path& store, const std::filesystem::path& work_tree,
                const std::string& content_sha256);

// Records the current content of <work_tree>/.hookagent.toml as trusted (replacing an
// older record for the same repo). Returns the recorded hash.
Result<std::string> trust_repo_config(const std::filesystem::path& store,
                                      const std::filesystem::path& work_tree);

// Removes the record for this repo. Returns false when there was none.
Result<bool> revoke_repo_trust(const std::filesystem::path& store,
                               const std::filesystem::path& work_tree);

}  // namespace hookagent
