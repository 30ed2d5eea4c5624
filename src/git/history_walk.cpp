// Sharded and incremental history walks (see history_walk.hpp).
#include "git/history_walk.hpp"

#include <algorithm>
#include <charconv>
#include <unordered_set>

#include "git/git_error.hpp"
#include "git/present_walk.hpp"
#include "git/repository.hpp"

namespace hookagent {
namespace {

constexpr int kMaxShards = 4096;

std::unexpected<Error> bad_shard(const std::string& text, const std::string& why, std::string hint = {}) {
  if (hint.empty())
    hint = "write K/N with 1 <= K <= N (N at most " + std::to_string(kMaxShards) + "), e.g. --shard 1/4 ... 4/4";
  return fail(ErrorKind::Usage, "bad shard '" + text + "': " + why, "--shard", hint);
}

bool parse_int(std::string_view s, int& out) {
  if (s.empty()) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

// `rev-list tip --not hidden`, oldest first; the present-only walk when the
// revwalk cannot finish.
CommitIds list_commits(git_repository* repo, const git_oid& tip, const git_oid* hidden) {
  git_revwalk* raw = nullptr;
  if (git_revwalk_new(&raw, repo) == 0) {
    gitx::Revwalk walk(raw);
    git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL);  // newest first, reversed below
    bool ready = git_revwalk_push(walk.get(), &tip) == 0 && (!hidden || git_revwalk_hide(walk.get(), hidden) == 0);
    CommitIds out;
    git_oid oid;
    int rc = ready ? 0 : -1;
    while (ready && (rc = git_revwalk_next(&oid, walk.get())) == 0) out.push_back(oid.id);
    if (rc == GIT_ITEROVER) {
      git_error_clear();
      out.reverse();
      return out;
    }
  }
  git_error_clear();
  std::unordered_set<std::string> stop;
  if (hidden) {
    auto old = gitx::walk_present(repo, *hidden);
    stop.insert(old.begin(), old.end());
  }
  return commit_ids_from_hex(gitx::walk_present(repo, tip, stop));
}

// The commit the state ref names, if any and if it is here.
void read_state(git_repository* repo, HistoryPlan& plan) {
  git_reference* raw = nullptr;
  if (git_reference_lookup(&raw, repo, plan.state_ref.c_str()) < 0) {
    git_error_clear();
    plan.notes.push_back("no earlier scan recorded in " + plan.state_ref + ": scanning the whole history");
    return;
  }
  gitx::Reference ref(raw);
  const git_oid* target = git_reference_target(ref.get());
  if (!target) {
    plan.notes.push_back(plan.state_ref + " is not a plain ref: scanning the whole history");
    return;
  }
  plan.state_ref_value = gitx::to_hex(*target);
  git_commit* commit = nullptr;
  if (git_commit_lookup(&commit, repo, target) < 0) {
    git_error_clear();
    plan.notes.push_back("the last scan's state (" + plan.state_ref + " = " + plan.state_ref_value.substr(0, 12) +
                         ") is not in this repository: scanning the whole history (fetch it with "
                         "`git fetch origin '+refs/hookagent/*:refs/hookagent/*'`)");
    return;
  }
  git_commit_free(commit);
  plan.previous_state = plan.state_ref_value;
}

}  // namespace

Result<Shard> parse_shard(const std::string& text) {
  auto slash = text.find('/');
  if (slash == std::string::npos) return bad_shard(text, "no '/'");
  Shard s;
  if (!parse_int(std::string_view(text).substr(0, slash), s.index) ||
      !parse_int(std::string_view(text).substr(slash + 1), s.count))
    return bad_shard(text, "K and N must be whole numbers");
  if (s.count < 1 || s.count > kMaxShards)
    return bad_shard(text, "N must be 1 to " + std::to_string(kMaxShards));
  if (s.index < 1 || s.index > s.count)
    return bad_shard(text, "shard index " + std::to_string(s.index) + " is out of range 1 to " + std::to_string(s.count),
                     "use 1/" + std::to_string(s.count) + " ... " + std::to_string(s.count) + "/" +
                         std::to_string(s.count) + " (shard indexes start at 1)");
  return s;
}

bool in_shard(const std::string& commit_hex, const Shard& shard) {
  if (shard.count <= 1) return true;
  uint32_t head = 0;
  std::from_chars(commit_hex.data(), commit_hex.data() + std::min<std::size_t>(8, commit_hex.size()), head, 16);
  return static_cast<int>(head % static_cast<uint32_t>(shard.count)) == shard.index - 1;
}

std::string state_ref_name(const Shard& shard) {
  if (shard.count <= 1) return "refs/hookagent/last-scan";
  return "refs/hookagent/last-scan-" + std::to_string(shard.index) + "-of-" + std::to_string(shard.count);
}

Result<HistoryPlan> plan_history(const Repository& repo, const Shard& shard, bool incremental) {
  HistoryPlan plan;
  if (!repo.head_exists()) return plan;  // no commit yet: nothing to scan
  auto tip = repo.resolve_commit("HEAD");
  if (!tip) return std::unexpected(tip.error());
  plan.tip = *tip;
  git_oid tip_oid;
  gitx::parse_hex(plan.tip, &tip_oid);

  git_oid state_oid;
  if (incremental) {
    plan.state_ref = state_ref_name(shard);
    read_state(repo.raw(), plan);
    if (!plan.previous_state.empty()) gitx::parse_hex(plan.previous_state, &state_oid);
  }
  const bool hiding = !plan.previous_state.empty();
  auto fresh = list_commits(repo.raw(), tip_oid, hiding ? &state_oid : nullptr);
  plan.reachable = hiding ? list_commits(repo.raw(), tip_oid, nullptr).size() : fresh.size();
  plan.already_scanned = plan.reachable > fresh.size() ? plan.reachable - fresh.size() : 0;
  for (std::size_t i = 0; i < fresh.size(); ++i) {
    if (in_shard(fresh[i], shard)) plan.commits.push_back(fresh.raw(i));
    else ++plan.other_shards;
  }
  if (hiding)
    plan.notes.push_back("skipped " + std::to_string(plan.already_scanned) + " commit(s) already scanned (" +
                         plan.state_ref + ")");
  return plan;
}

}  // namespace hookagent
