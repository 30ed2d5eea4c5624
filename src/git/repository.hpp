#pragma once
// The one door to a git repository (libgit2 stays behind it, in src/git/).
// Reading never stashes, checks out, or writes the index or the work tree.
//
// libgit2 is initialised by main (git/libgit2_init.hpp); open() waits for it.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "git/change.hpp"
#include "git/commit_ids.hpp"
#include "git/push_input.hpp"
#include "git/repo_paths.hpp"

struct git_repository;  // libgit2's handle; only src/git/ looks inside

namespace hookagent {

namespace gitx {
struct AttributeMemo;
}

class Repository {
 public:
  // Opens exactly the repository `paths` describes (GIT_DIR/GIT_WORK_TREE
  // already resolved by discover_repo_paths). When git runs pre-receive with a
  // quarantine (GIT_QUARANTINE_PATH / GIT_OBJECT_DIRECTORY /
  // GIT_ALTERNATE_OBJECT_DIRECTORIES), those object dirs are added to the odb
  // so the pushed objects can be read.
  // A repo owned by another user fails with ErrorKind::Git and the hint
  // `git config --global --add safe.directory <path>`.
  static Result<Repository> open(const RepoPaths& paths);
  // discover_repo_paths(start) + open().
  static Result<Repository> discover(const std::filesystem::path& start);

  Repository(Repository&& other) noexcept;
  Repository& operator=(Repository&& other) noexcept;
  Repository(const Repository&) = delete;
  Repository& operator=(const Repository&) = delete;
  ~Repository();

  const RepoPaths& paths() const { return paths_; }

  // ---- revisions -----------------------------------------------------------
  // Full hex id of the commit `rev` names (anything git_revparse accepts:
  // "HEAD", "main~2", a short id, a tag). Error when it names no commit.
  Result<std::string> resolve_commit(const std::string& rev) const;
  // Hex id of the tree a commit records (for review notes).
  Result<std::string> commit_tree_id(const std::string& commit_id) const;
  // True when HEAD points at a commit (false before the first commit).
  bool head_exists() const;
  // A shallow clone (`<common dir>/shallow` lists its boundary commits).
  bool is_shallow() const;
  // Commits reachable from `include` but not from any ref matching one of
  // `exclude_ref_prefixes_or_globs` (e.g. "refs/remotes/origin/", "refs/",
  // "refs/heads/*"), oldest first (parents before children).
  Result<std::vector<std::string>> rev_list(const std::string& include,
                                            const std::vector<std::string>& exclude_refs) const;
  // The same as raw ids: a whole history's list in a fifth of the memory.
  Result<CommitIds> rev_list_ids(const std::string& include, const std::vector<std::string>& exclude_refs) const;
  // The commits of "A..B": reachable from `tip` and not from `base` (both
  // commit ids), oldest first; as far as a shallow or partial clone goes.
  Result<std::vector<std::string>> commits_between(const std::string& base, const std::string& tip) const;

  // ---- changes -------------------------------------------------------------
  // What the next commit would record: the index git named in GIT_INDEX_FILE
  // (relative paths resolved against `cwd`, default the current directory;
  // falls back to the repository's own index) against HEAD's tree (the empty
  // tree before the first commit). Renames detected.
  Result<std::vector<Change>> staged_changes(const std::filesystem::path& cwd = {},
                                             AddedLines added = AddedLines::Now) const;
  // Same, with an explicit index file (empty: the repository's index).
  Result<std::vector<Change>> staged_changes_in(const std::filesystem::path& index_file,
                                                AddedLines added = AddedLines::Now) const;
  // One commit against its first parent (a root commit against the empty tree).
  Result<std::vector<Change>> commit_changes(const std::string& rev, AddedLines added = AddedLines::Now) const;
  // Computes the added lines and the binary flag of a change that left them
  // pending (AddedLines::OnDemand), as the diff would have; clears added_pending.
  Status fill_added_lines(Change& change) const;
  // Tree of `from` against tree of `to` (`from` empty: the empty tree).
  Result<std::vector<Change>> range_changes(const std::string& from, const std::string& to) const;
  // Before diffing many commits: pins a snapshot of the config and remembers
  // each path's `diff` attribute, so libgit2 stops re-reading five config and
  // attribute files before every diff (~30% of a sparse shard's time). Config
  // or .gitattributes edits made during the run are not seen by it.
  Status prepare_bulk_reads();

  // ---- pushes --------------------------------------------------------------
  // pre-push: for every non-deleting update, the commits reachable from its
  // local id and not from any refs/remotes/<remote>/* ref nor from the remote
  // ids git reported (`rev-list <new> --not --remotes=<remote>`). No duplicates,
  // oldest first.
  Result<std::vector<std::string>> new_commits_for_push(const std::string& remote_name,
                                                        const std::vector<PushRefUpdate>& updates) const;
  // pre-receive: commits reachable from the new ids and from no existing ref
  // (`rev-list <new...> --not --all`), including objects still in quarantine.
  Result<std::vector<std::string>> new_commits_for_receive(
      const std::vector<ReceiveRefUpdate>& updates) const;

  // ---- blobs ---------------------------------------------------------------
  Result<std::string> read_blob(const std::string& id) const;
  Result<uint64_t> blob_size(const std::string& id) const;
  // Hands the blob to `chunk` piece by piece (streamed from a loose object;
  // read whole once when the object is packed). `chunk` returns false to stop.
  Status stream_blob(const std::string& id, const std::function<bool(std::string_view)>& chunk) const;

  // ---- config --------------------------------------------------------------
  // Effective value (all levels: system, global, local, worktree); nullopt if unset.
  Result<std::optional<std::string>> get_config(const std::string& key) const;
  Result<std::vector<std::string>> get_config_all(const std::string& key) const;
  // Writes to the repository's own config (.git/config of the common dir).
  Status set_config(const std::string& key, const std::string& value);
  // Adds `value` to a multivar in the local config unless it is already there
  // (so install twice is a no-op).
  Status add_config_multivar(const std::string& key, const std::string& value);
  // Removes `key` (every value) from the local config; no error when unset.
  Status unset_config(const std::string& key);
  // Removes one value of a multivar from the local config; no error when absent.
  Status remove_config_multivar_value(const std::string& key, const std::string& value);
  // Where git runs hooks from: core.hooksPath (relative to the work tree top,
  // or the git dir for a bare repo; "~/" expanded), else <common dir>/hooks.
  Result<std::filesystem::path> hooks_dir() const;

  // For src/git/ internals only.
  git_repository* raw() const { return repo_; }

 private:
  Repository(git_repository* repo, RepoPaths paths) : repo_(repo), paths_(std::move(paths)) {}
  git_repository* repo_ = nullptr;
  RepoPaths paths_;
  std::shared_ptr<gitx::AttributeMemo> attributes_;  // set by prepare_bulk_reads()
};

}  // namespace hookagent
