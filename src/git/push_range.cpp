// Which commits a push brings: rev-list <new> --not <refs the other side has>.
#include <fnmatch.h>

#include "git/git_error.hpp"
#include <algorithm>
#include <unordered_set>

#include "git/present_walk.hpp"
#include "git/repository.hpp"

namespace hookagent {

namespace {

// The commit `hex` names, peeling annotated tags; false when it names no commit
// here (a force-pushed-over remote id we never fetched, a tag of a blob).
bool peel_to_commit(git_repository* repo, const std::string& hex, git_oid* out) {
  git_oid oid;
  if (!gitx::parse_hex(hex, &oid)) return false;
  git_object* raw = nullptr;
  if (git_object_lookup(&raw, repo, &oid, GIT_OBJECT_ANY) < 0) {
    git_error_clear();
    return false;
  }
  gitx::Object obj(raw);
  git_object* peeled = nullptr;
  if (git_object_peel(&peeled, obj.get(), GIT_OBJECT_COMMIT) < 0) {
    git_error_clear();
    return false;
  }
  git_oid_cpy(out, git_object_id(peeled));
  git_object_free(peeled);
  return true;
}

// A pattern ending in '/' is a prefix; otherwise an fnmatch glob in which '*'
// also crosses '/', as git's --remotes=<name> matches refs/remotes/<name>/*.
bool ref_matches(const char* name, const std::string& pattern) {
  if (!pattern.empty() && pattern.back() == '/') return std::string_view(name).starts_with(pattern);
  return fnmatch(pattern.c_str(), name, 0) == 0;
}

Status hide_matching_refs(git_repository* repo, git_revwalk* walk, const std::vector<std::string>& patterns) {
  if (patterns.empty()) return ok();
  git_reference_iterator* raw = nullptr;
  if (git_reference_iterator_new(&raw, repo) < 0) return gitx::fail_git("cannot list refs");
  gitx::RefIterator it(raw);
  git_reference* ref_raw = nullptr;
  int rc;
  while ((rc = git_reference_next(&ref_raw, it.get())) == 0) {
    gitx::Reference ref(ref_raw);
    bool wanted = false;
    for (auto& p : patterns) wanted = wanted || ref_matches(git_reference_name(ref.get()), p);
    if (!wanted) continue;
    git_object* peeled = nullptr;
    if (git_reference_peel(&peeled, ref.get(), GIT_OBJECT_COMMIT) < 0) {
      git_error_clear();  // a ref to a tree or blob, or a dangling symref: hides nothing
      continue;
    }
    int hide = git_revwalk_hide(walk, git_object_id(peeled));
    git_object_free(peeled);
    if (hide < 0) return gitx::fail_git("cannot walk history", git_reference_name(ref.get()));
  }
  if (rc != GIT_ITEROVER) return gitx::fail_git("cannot list refs");
  git_error_clear();
  return ok();
}

Result<gitx::Revwalk> new_walk(git_repository* repo) {
  git_revwalk* raw = nullptr;
  if (git_revwalk_new(&raw, repo) < 0) return gitx::fail_git("cannot walk history");
  gitx::Revwalk walk(raw);
  git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL);  // newest first: drain_ids reverses
  return walk;
}

Result<CommitIds> drain_ids(git_revwalk* walk) {
  CommitIds out;
  git_oid oid;
  int rc;
  while ((rc = git_revwalk_next(&oid, walk)) == 0) out.push_back(oid.id);
  if (rc != GIT_ITEROVER) return gitx::fail_git("cannot walk history");
  git_error_clear();
  out.reverse();  // oldest first
  return out;
}

Result<std::vector<std::string>> drain(git_revwalk* walk) {
  auto ids = drain_ids(walk);
  if (!ids) return std::unexpected(ids.error());
  return ids->to_hex();
}

}  // namespace

Result<std::vector<std::string>> Repository::rev_list(const std::string& include,
                                                      const std::vector<std::string>& exclude_refs) const {
  auto ids = rev_list_ids(include, exclude_refs);
  if (!ids) return std::unexpected(ids.error());
  return ids->to_hex();
}

Result<CommitIds> Repository::rev_list_ids(const std::string& include, const std::vector<std::string>& exclude_refs) const {
  auto id = resolve_commit(include);
  if (!id) return std::unexpected(id.error());
  auto walk = new_walk(repo_);
  if (!walk) return std::unexpected(walk.error());
  git_oid oid;
  gitx::parse_hex(*id, &oid);
  if (git_revwalk_push(walk->get(), &oid) < 0) return gitx::fail_git("cannot walk history", include);
  if (auto st = hide_matching_refs(repo_, walk->get(), exclude_refs); !st) return std::unexpected(st.error());
  auto listed = drain_ids(walk->get());
  // A shallow or partial clone: list what is here rather than nothing.
  if (!listed && exclude_refs.empty()) return commit_ids_from_hex(gitx::walk_present(repo_, oid));
  return listed;
}

Result<std::vector<std::string>> Repository::commits_between(const std::string& base, const std::string& tip) const {
  auto in_tip = rev_list(tip, {});
  if (!in_tip) return in_tip;
  auto in_base = rev_list(base, {});
  if (!in_base) return in_base;
  const std::unordered_set<std::string> old(in_base->begin(), in_base->end());
  std::vector<std::string> out;
  for (auto& c : *in_tip)
    if (!old.count(c)) out.push_back(c);
  return out;
}

Result<std::vector<std::string>> Repository::new_commits_for_push(
    const std::string& remote_name, const std::vector<PushRefUpdate>& updates) const {
  auto walk = new_walk(repo_);
  if (!walk) return std::unexpected(walk.error());
  bool any = false;
  for (auto& u : updates) {
    git_oid oid;
    if (u.is_deletion() || !peel_to_commit(repo_, u.local_id, &oid)) continue;  // deleting sends no commits
    if (git_revwalk_push(walk->get(), &oid) < 0) return gitx::fail_git("cannot walk history", u.local_ref);
    any = true;
  }
  if (!any) return std::vector<std::string>{};
  for (auto& u : updates) {
    git_oid oid;
    // What the remote's ref points at is on the remote already (when we have it:
    // after someone else's push we may not, and a force push may leave it unreachable).
    if (!u.is_new_ref() && peel_to_commit(repo_, u.remote_id, &oid) && git_revwalk_hide(walk->get(), &oid) < 0)
      return gitx::fail_git("cannot walk history", u.remote_ref);
  }
  if (auto st = hide_matching_refs(repo_, walk->get(), {"refs/remotes/" + remote_name + "/"}); !st)
    return std::unexpected(st.error());
  return drain(walk->get());
}

Result<std::vector<std::string>> Repository::new_commits_for_receive(
    const std::vector<ReceiveRefUpdate>& updates) const {
  auto walk = new_walk(repo_);
  if (!walk) return std::unexpected(walk.error());
  bool any = false;
  for (auto& u : updates) {
    git_oid oid;
    if (u.is_deletion()) continue;
    if (!peel_to_commit(repo_, u.new_id, &oid)) continue;  // a tag of a tree or blob brings no commits
    if (git_revwalk_push(walk->get(), &oid) < 0) return gitx::fail_git("cannot walk history", u.ref);
    any = true;
  }
  if (!any) return std::vector<std::string>{};
  // Refs are not updated until pre-receive accepts, so "every ref" is the old state.
  if (auto st = hide_matching_refs(repo_, walk->get(), {"refs/"}); !st) return std::unexpected(st.error());
  return drain(walk->get());
}

}  // namespace hookagent
