// Writing the state of an incremental history scan (see history_walk.hpp).
#include "git/git_error.hpp"
#include "git/history_walk.hpp"
#include "git/repository.hpp"

namespace hookagent {
namespace {

using TreeBuilder = gitx::Owned<git_treebuilder, git_treebuilder_free>;

Result<git_oid> empty_tree(git_repository* repo) {
  git_treebuilder* raw = nullptr;
  if (git_treebuilder_new(&raw, repo, nullptr) < 0) return gitx::fail_git("cannot write the scan state");
  TreeBuilder builder(raw);
  git_oid id;
  if (git_treebuilder_write(&id, builder.get()) < 0) return gitx::fail_git("cannot write the scan state");
  return id;
}

Result<gitx::Commit> lookup_commit(git_repository* repo, const std::string& hex) {
  git_oid oid;
  if (!gitx::parse_hex(hex, &oid)) return fail(ErrorKind::Internal, "not a commit id", hex);
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo, &oid) < 0) return gitx::fail_git("cannot read commit", hex);
  return gitx::Commit(raw);
}

std::string state_message(const HistoryPlan& plan, const Shard& shard) {
  return "hookagent history scan state\n\n"
         "tip: " + plan.tip + "\n" +
         "shard: " + std::to_string(shard.index) + "/" + std::to_string(shard.count) + "\n" +
         "commits scanned: " + std::to_string(plan.commits.size()) + "\n";
}

}  // namespace

Status record_history_state(const RepoPaths& paths, const HistoryPlan& plan, const Shard& shard) {
  if (plan.state_ref.empty() || plan.tip.empty()) return ok();
  // Nothing new since the last state: it already covers the tip.
  if (!plan.previous_state.empty() && plan.reachable == plan.already_scanned) return ok();
  auto repo = Repository::open(paths);
  if (!repo) return std::unexpected(repo.error());
  git_repository* raw = repo->raw();

  std::vector<gitx::Commit> parents;
  if (!plan.previous_state.empty()) {
    auto prev = lookup_commit(raw, plan.previous_state);
    if (!prev) return std::unexpected(prev.error());
    parents.push_back(std::move(*prev));
  }
  auto tip = lookup_commit(raw, plan.tip);
  if (!tip) return std::unexpected(tip.error());
  parents.push_back(std::move(*tip));
  std::vector<const git_commit*> parent_ptrs;
  for (auto& p : parents) parent_ptrs.push_back(p.get());

  auto tree_id = empty_tree(raw);
  if (!tree_id) return std::unexpected(tree_id.error());
  git_tree* tree_raw = nullptr;
  if (git_tree_lookup(&tree_raw, raw, &*tree_id) < 0) return gitx::fail_git("cannot write the scan state");
  gitx::Tree tree(tree_raw);
  git_signature* sig_raw = nullptr;
  if (git_signature_now(&sig_raw, "hookagent", "hookagent@localhost") < 0)
    return gitx::fail_git("cannot write the scan state");
  gitx::Signature sig(sig_raw);
  git_oid state_id;
  const std::string message = state_message(plan, shard);
  if (git_commit_create(&state_id, raw, nullptr, sig.get(), sig.get(), "UTF-8", message.c_str(), tree.get(),
                        parent_ptrs.size(), parent_ptrs.data()) < 0)
    return gitx::fail_git("cannot write the scan state", plan.state_ref);

  // Compare-and-swap against what plan_history read: another run that moved
  // the ref meanwhile wins, and this one says so instead of overwriting it.
  const std::string log = "hookagent scan --history --since-last-scan";
  git_reference* out = nullptr;
  int rc;
  if (plan.state_ref_value.empty()) {
    rc = git_reference_create(&out, raw, plan.state_ref.c_str(), &state_id, 0, log.c_str());
  } else {
    git_oid old;
    gitx::parse_hex(plan.state_ref_value, &old);
    rc = git_reference_create_matching(&out, raw, plan.state_ref.c_str(), &state_id, 1, &old, log.c_str());
  }
  if (rc < 0)
    return gitx::fail_git("the scan state was not recorded", plan.state_ref,
                          rc == GIT_EMODIFIED || rc == GIT_EEXISTS
                              ? "another scan moved it meanwhile; the next run scans what this one did again"
                              : "check that the repository is writable");
  git_reference_free(out);
  return ok();
}

}  // namespace hookagent
