#include "git/snapshot_listing.hpp"

#include <algorithm>
#include <cstdlib>

#include "git/git_error.hpp"

namespace hookagent {

namespace fs = std::filesystem;

Result<std::vector<SnapshotEntry>> list_staged_files(const Repository& repo, const fs::path& cwd) {
  git_index* raw = nullptr;
  // The same index git is committing (DESIGN §4: GIT_INDEX_FILE may be
  // index.lock or next-index-*.lock, relative to the hook's directory).
  const char* env = std::getenv("GIT_INDEX_FILE");
  std::string where;
  if (env && *env) {
    fs::path p(env);
    std::error_code ec;
    if (p.is_relative()) p = (cwd.empty() ? fs::current_path(ec) : cwd) / p;
    where = p.lexically_normal().string();
    if (git_index_open(&raw, where.c_str()) < 0) return gitx::fail_git("cannot read the index", where);
  } else {
    where = (repo.paths().git_dir / "index").string();
    if (git_repository_index(&raw, repo.raw()) < 0) return gitx::fail_git("cannot read the index", where);
  }
  gitx::Index index(raw);
  std::vector<SnapshotEntry> out;
  size_t n = git_index_entrycount(index.get());
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    const git_index_entry* e = git_index_get_byindex(index.get(), i);
    if (!e || GIT_INDEX_ENTRY_STAGE(e) != 0 || e->mode == 0160000) continue;
    out.push_back({e->path, gitx::to_hex(e->id), e->mode});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return out;
}

namespace {

int collect_blob(const char* root, const git_tree_entry* entry, void* payload) {
  if (git_tree_entry_type(entry) != GIT_OBJECT_BLOB) return 0;
  auto* out = static_cast<std::vector<SnapshotEntry>*>(payload);
  out->push_back({std::string(root) + git_tree_entry_name(entry), gitx::to_hex(*git_tree_entry_id(entry)),
                  static_cast<uint32_t>(git_tree_entry_filemode(entry))});
  return 0;
}

}  // namespace

Result<std::vector<SnapshotEntry>> list_commit_files(const Repository& repo, const std::string& rev) {
  auto id = repo.resolve_commit(rev);
  if (!id) return std::unexpected(id.error());
  git_oid oid;
  if (!gitx::parse_hex(*id, &oid)) return fail(ErrorKind::Git, "not a commit id", rev);
  git_commit* raw_commit = nullptr;
  if (git_commit_lookup(&raw_commit, repo.raw(), &oid) < 0) return gitx::fail_git("cannot read commit", rev);
  gitx::Commit commit(raw_commit);
  git_tree* raw_tree = nullptr;
  if (git_commit_tree(&raw_tree, commit.get()) < 0) return gitx::fail_git("cannot read the commit's tree", rev);
  gitx::Tree tree(raw_tree);
  std::vector<SnapshotEntry> out;
  if (git_tree_walk(tree.get(), GIT_TREEWALK_PRE, collect_blob, &out) < 0)
    return gitx::fail_git("cannot walk the commit's tree", rev);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return out;
}

}  // namespace hookagent
