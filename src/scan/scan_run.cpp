#include "scan/scan_run.hpp"

#include <algorithm>
#include <sys/stat.h>

#include <cstdlib>
#include <cstdio>
#include <deque>
#include <optional>
#include <git2.h>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unistd.h>
#include <unordered_map>
#include <unordered_set>

#include "git/blob_stream.hpp"
#include "git/repository.hpp"
#include "scan/changed_region.hpp"
#include "scan/finding_context.hpp"
#include "scan/fingerprint.hpp"
#include "scan/gitleaks_ignore.hpp"
#include "scan/parallel.hpp"
#include "scan/path_walk.hpp"
#include "scan/rule_set.hpp"
#include "scan/scanner.hpp"
#include "scan/text_tools.hpp"

namespace hookagent::scan {
namespace fs = std::filesystem;
namespace {

// A blob to scan, already read from the object database (libgit2 handles are
// not shared across threads; reading is serial, matching is parallel).
struct BlobJob {
  const Change* change;
  std::shared_ptr<const std::string> content;  // shared with the run's BlobCache
  std::string commit;
  // Settled when it was queued (a skipped binary, a streamed large blob):
  // absorbed in its turn, so that the run's notes keep the commits' order.
  std::optional<FileOutcome> settled;
  // The part worth scanning (changed_region.hpp); none: the whole text.
  std::optional<TextRegion> region;
};

// Blobs read and waiting for the matcher, and what their jobs point into.
struct Batch {
  std::vector<BlobJob> jobs;
  std::deque<Change> utf16;                       // UTF-16 changes with the added lines git does not give
  std::vector<std::shared_ptr<const void>> keep;  // the commits' changes the jobs point into
  std::size_t bytes = 0;
  std::vector<FileOutcome> outcomes;  // first_pass()'s
  std::vector<uint8_t> narrow;        // 1: to diff and scan again for the added lines
};

void sort_findings(std::vector<Finding>& f) {
  std::sort(f.begin(), f.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.file, a.line, a.column, a.rule_id, a.commit) <
           std::tie(b.file, b.line, b.column, b.rule_id, b.commit);
  });
}

fs::path team_gitleaks_config(const Config& config, const RepoPaths& repo) {
  const fs::path top = repo.work_tree;
  std::error_code ec;
  if (!config.scan.gitleaks_config.empty()) {
    fs::path p = config.scan.gitleaks_config;
    p = p.is_relative() && !top.empty() ? top / p : p;
    // Naming the default file (as the README's Configuration block does) means
    // what the default means: used when present. Any other missing file is an error.
    if (!top.empty() && p.lexically_normal() == (top / ".gitleaks.toml").lexically_normal() && !fs::exists(p, ec))
      return {};
    return p;
  }
  if (!top.empty() && fs::exists(top / ".gitleaks.toml", ec)) return top / ".gitleaks.toml";
  return {};
}

// "<path>: skipped, <why>" notes, one per file, become one line of counts by
// reason (a repository with 445 binary files printed 445 lines); --verbose keeps them.
void summarise_skips(RunSummary& summary, bool verbose, bool partial_clone) {
  std::map<std::string, int> by_reason;
  std::vector<std::string> kept, names;
  int skipped = 0;
  for (auto& note : summary.notes) {
    auto at = note.find(": skipped, ");
    if (at == std::string::npos) {
      kept.push_back(std::move(note));
      continue;
    }
    std::string why = note.substr(at + 11);
    why = why.substr(0, why.find(" ("));
    ++by_reason[why];
    ++skipped;
    names.push_back(note.substr(0, at));
    if (verbose) kept.push_back(std::move(note));
  }
  if (skipped > 0) {
    std::string line = "skipped " + std::to_string(skipped) + " file(s):";
    for (const auto& [why, n] : by_reason) line += " " + std::to_string(n) + " " + why + ",";
    line.pop_back();
    if (!verbose && skipped <= 3) {  // a hook's one binary file is named
      line += " (";
      for (const auto& n : names) line += n + (&n == &names.back() ? ")" : ", ");
    } else if (!verbose) {
      line += " (--verbose lists them)";
    }
    if (by_reason.count("missing blob") && partial_clone)
      line += "; " + std::to_string(by_reason["missing blob"]) +
              " blob(s) missing from a partial clone were not scanned (nothing was fetched): "
              "`git config --unset remote.origin.partialclonefilter && git fetch --refetch origin` "
              "or a clone without --filter scans them";
    else if (by_reason.count("missing blob"))  // not a partial clone: deleted or damaged objects
      line += "; " + std::to_string(by_reason["missing blob"]) +
              " blob(s) missing or unreadable in the object database were not scanned: "
              "`git fsck` names the damaged objects";
    kept.push_back(std::move(line));
  }
  summary.notes = std::move(kept);
}

// Blobs a history scan read lately: a commit's old blob is most often the new
// blob of a commit scanned just before (commits go oldest first), and the
// changed region of a file needs both. 8 MB missed 66 of 1,116 old blobs in
// this repository's history; 2 MB missed 376.
class BlobCache {
 public:
  static constexpr std::size_t kBytes = 8u << 20;
  static constexpr std::size_t kLargest = 1u << 20;  // larger blobs are not kept

  std::shared_ptr<const std::string> find(const std::string& id) const {
    auto it = blobs_.find(id);
    return it == blobs_.end() ? nullptr : it->second;
  }
  void keep(const std::string& id, std::shared_ptr<const std::string> blob) {
    if (blob->size() > kLargest || !blobs_.emplace(id, blob).second) return;
    order_.push_back(id);
    bytes_ += blob->size();
    while (bytes_ > kBytes && !order_.empty()) {
      auto it = blobs_.find(order_.front());
      bytes_ -= it->second->size();
      blobs_.erase(it);
      order_.pop_front();
    }
  }

 private:
  std::unordered_map<std::string, std::shared_ptr<const std::string>> blobs_;
  std::deque<std::string> order_;
  std::size_t bytes_ = 0;
};

// Outside a history, a modified file smaller than this is scanned whole.
constexpr std::size_t kRegionAfterBytes = 32u << 10;

constexpr uint64_t kMaxUtf16Bytes = 64u << 20;  // a larger "binary" is not read to look for a BOM
// A blob larger than this is streamed through the scanner in chunks (as a file
// on disk is) instead of read whole: a 2 GB staged file cost 4 GB of memory.
constexpr uint64_t kStreamAbove = 16u << 20;
// Blob text per batch (plus one blob). Two batches are held at once, one
// being matched while the next is read: 8 MB in all, what a change of many
// files holds in memory (a server runs 32 hooks at once).
constexpr std::size_t kBatchBytes = 4u << 20;

// Lines of `now` that `before` does not hold (as many times): the added lines
// of a change git calls binary, close to what a line diff gives.
std::vector<LineRange> lines_not_in(std::string_view before, std::string_view now) {
  std::unordered_map<std::string_view, int> old_lines;
  for (std::size_t at = 0; at < before.size();) {
    std::size_t nl = std::min(before.find('\n', at), before.size());
    ++old_lines[before.substr(at, nl - at)];
    at = nl + 1;
  }
  std::vector<LineRange> added;
  int line = 1;
  for (std::size_t at = 0; at < now.size(); ++line) {
    std::size_t nl = std::min(now.find('\n', at), now.size());
    auto it = old_lines.find(now.substr(at, nl - at));
    if (it != old_lines.end() && it->second > 0) {
      --it->second;
    } else if (!added.empty() && added.back().last == line - 1) {
      added.back().last = line;
    } else {
      added.push_back({line, line});
    }
    at = nl + 1;
  }
  return added;
}

// Git and libgit2 call UTF-16 binary (it holds NUL bytes); with a byte-order
// mark it is text that Windows tools write. Such a change is scanned decoded,
// its added lines being the new lines that the old blob does not hold. Returns
// the decoded text and appends the change with those lines to `out`.
std::optional<std::string> utf16_change(const Repository& repo, const Change& c, std::string_view blob,
                                        std::deque<Change>& out) {
  if (!starts_with_utf16_bom(blob)) return std::nullopt;
  std::string now = *utf16_with_bom_as_utf8(blob);
  std::string before;
  if (!c.old_id.empty() && c.status != ChangeStatus::Added) {
    auto old_blob = repo.read_blob(c.old_id);
    if (old_blob) before = utf16_with_bom_as_utf8(*old_blob).value_or(*old_blob);
  }
  Change decoded = c;
  decoded.binary = false;
  decoded.added_pending = false;
  decoded.added = lines_not_in(before, now);
  out.push_back(std::move(decoded));
  return now;
}

class Run {
 public:
  Run(const Scanner& scanner, const ScanRequest& req, ScanResult& result)
      : scanner_(scanner), req_(req), result_(result), jobs_(effective_jobs(req.jobs)) {
    // Scanning each changed file whole finds the same; kept to compare.
    const char* regions = std::getenv("HOOKAGENT_REGIONS");
    regions_ = !(regions && std::string_view(regions) == "off");
  }

  void scan_walked(const WalkResult& walked) {
    result_.summary.notes.insert(result_.summary.notes.end(), walked.notes.begin(), walked.notes.end());
    result_.summary.files_skipped += walked.skipped;
    std::vector<FileOutcome> outcomes(walked.files.size());
    // Files too large for one thread wait until the others are done, then get
    // every thread to themselves (Scanner::scan_file_split).
    std::vector<uint8_t> large(walked.files.size(), 0);
    auto scan_one = [&](std::size_t i, int threads) {
      TextContext ctx{walked.files[i].display, "", nullptr};
      outcomes[i] = threads > 1 ? scanner_.scan_file_split(walked.files[i].path, ctx, threads)
                                : scanner_.scan_file(walked.files[i].path, ctx);
      auto extra = scanner_.scan_path_only(ctx);
      outcomes[i].findings.insert(outcomes[i].findings.end(), extra.begin(), extra.end());
    };
    parallel_for(walked.files.size(), jobs_, [&](std::size_t i, std::size_t) {
      struct stat st{};
      if (jobs_ > 1 && ::stat(walked.files[i].path.c_str(), &st) == 0 &&
          static_cast<uint64_t>(st.st_size) >= scanner_.split_file_bytes())
        large[i] = 1;
      else
        scan_one(i, 1);
    });
    for (std::size_t i = 0; i < walked.files.size(); ++i)
      if (large[i]) scan_one(i, jobs_);
    for (auto& o : outcomes) absorb(std::move(o));
  }

  // A change whose added lines are pending (AddedLines::OnDemand) is scanned
  // whole first: the added-lines scan reports a subset of what the whole-text
  // scan reports (same matches, then a line filter), so a clean file needs no
  // patch at all. Only a file with findings is diffed and scanned again.
  Status scan_changes(const Repository& repo, const std::vector<Change>& changes, const std::string& commit) {
    if (auto st = queue_changes(repo, changes, commit); !st) return st;
    return drain(repo);
  }

  // Reads the changes' blobs into the queue; a full queue goes to the
  // matcher threads while this one reads on. `owner` (when the caller does
  // not keep `changes` alive until drain()) is kept by every batch that
  // points into it.
  Status queue_changes(const Repository& repo, const std::vector<Change>& changes, const std::string& commit,
                       const std::shared_ptr<const void>& owner = nullptr) {
    if (owner) queued_.keep.push_back(owner);
    auto settle = [&](FileOutcome&& o) { queued_.jobs.push_back({nullptr, {}, {}, std::move(o)}); };
    for (const Change& c : changes) {
      if (queued_.bytes >= kBatchBytes) {
        if (auto st = flush_jobs(repo); !st) return st;
        if (owner) queued_.keep.push_back(owner);
      }
      auto& jobs = queued_.jobs;
      auto& utf16 = queued_.utf16;
      if (c.status == ChangeStatus::Deleted || c.new_id.empty() || is_gitlink(c.new_mode) ||
          is_symlink(c.new_mode))
        continue;
      if (c.binary && !c.missing && c.size <= kMaxUtf16Bytes) {
        auto blob = repo.read_blob(c.new_id);
        if (auto text = blob ? utf16_change(repo, c, *blob, utf16) : std::nullopt) {
          queued_.bytes += text->size();
          jobs.push_back({&utf16.back(), std::make_shared<const std::string>(std::move(*text)), commit, {}});
          continue;
        }
      }
      if (c.binary || c.missing) {
        FileOutcome o{path_only_findings(c, commit), true, c.path + ": skipped, " + (c.binary ? "binary" : "missing blob")};
        settle(std::move(o));
        continue;
      }
      if (!c.added_pending && c.added.empty() && c.status != ChangeStatus::Added) continue;  // pure rename, mode change
      if (c.size > kStreamAbove) {
        if (auto o = scan_streamed(repo, c, commit)) {
          settle(std::move(*o));
          continue;
        }  // else UTF-16 with a BOM, under kMaxUtf16Bytes: read whole and decoded below
      }
      auto content = cached_blob(repo, c.new_id);
      if (!content) {  // a partial clone (--filter=blob:none): scan what is here, count the rest
        settle(FileOutcome{{}, true, c.path + ": skipped, missing blob"});
        continue;
      }
      queued_.bytes += content->size();
      if (auto text = utf16_change(repo, c, *content, utf16)) {
        jobs.push_back({&utf16.back(), std::make_shared<const std::string>(std::move(*text)), commit, {}});
        continue;
      }
      jobs.push_back({&c, content, commit, {}, region_to_scan(repo, c, *content)});
    }
    return ok();
  }

  // Settles the batch the threads are matching, then hands them the queue.
  Status flush_jobs(const Repository& repo) {
    if (auto st = settle_in_flight(repo); !st) return st;
    if (queued_.jobs.empty()) return ok();
    in_flight_ = std::make_unique<Batch>(std::move(queued_));
    queued_ = Batch{};
    matching_ = std::jthread([this, batch = in_flight_.get()] { first_pass(*batch); });
    return ok();
  }

  // Everything queued scanned and absorbed, in order. A queue that never
  // filled is scanned on this thread's turn (no thread to start for a
  // one-file commit).
  Status drain(const Repository& repo) {
    if (auto st = settle_in_flight(repo); !st) return st;
    first_pass(queued_);
    auto st = finish(repo, queued_);
    queued_ = Batch{};
    return st;
  }

  Status settle_in_flight(const Repository& repo) {
    if (!in_flight_) return ok();
    matching_.join();
    auto st = finish(repo, *in_flight_);
    in_flight_.reset();
    return st;
  }

  // Scans blobs already read, in parallel (no libgit2 here: its handles are
  // not shared across threads).
  void first_pass(Batch& b) {
    b.outcomes.assign(b.jobs.size(), {});
    b.narrow.assign(b.jobs.size(), 0);
    parallel_for(b.jobs.size(), jobs_, [&](std::size_t i, std::size_t) {
      const BlobJob& j = b.jobs[i];
      if (j.settled) return;
      if (looks_binary(std::string_view(*j.content).substr(0, 8000))) {
        b.outcomes[i].skipped = true;
        b.outcomes[i].note = j.change->path + ": skipped, binary (NUL byte in the first 8000 bytes)";
        b.outcomes[i].findings = path_only_findings(*j.change, j.commit);
        return;
      }
      const bool pending = j.change->added_pending;
      b.outcomes[i] = scan_change(*j.change, *j.content, j.commit, j.region);
      b.narrow[i] = pending && !b.outcomes[i].findings.empty();
    });
  }

  // A file with findings whose added lines were pending is diffed (on this
  // thread) and scanned again for those lines only (in parallel); then the
  // batch is absorbed in order.
  Status finish(const Repository& repo, Batch& b) {
    auto& jobs = b.jobs;
    auto& outcomes = b.outcomes;
    std::vector<std::size_t> rescan;
    std::deque<Change> exact;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      if (jobs[i].settled) outcomes[i] = std::move(*jobs[i].settled);
      if (!b.narrow[i]) continue;
      Change& c = exact.emplace_back(*jobs[i].change);
      if (auto st = repo.fill_added_lines(c); !st) return st;
      if (c.binary) {
        outcomes[i] = FileOutcome{path_only_findings(c, jobs[i].commit), true, c.path + ": skipped, binary"};
        exact.pop_back();
        continue;
      }
      rescan.push_back(i);
    }
    parallel_for(rescan.size(), jobs_, [&](std::size_t k, std::size_t) {
      const std::size_t i = rescan[k];
      // The diff's own added lines now, which also leave out what lies between
      // edits far apart (the bytewise region holds everything between them).
      const std::string& content = *jobs[i].content;
      outcomes[i] = scan_change(exact[k], content, jobs[i].commit,
                                regions_ ? region_of_lines(content, exact[k].added) : std::nullopt);
    });
    for (auto& o : outcomes) absorb(std::move(o));
    return ok();
  }

  // Where scan_commits may open fresh handles on the repository, and how it
  // empties the cache of the handle it is given (see scan_commits).
  void allow_reopen(const RepoPaths* paths, std::function<void()> release) {
    reopen_from_ = paths;
    release_ = std::move(release);
  }

  // `Ids`: a std::vector of hex ids (pushed commits) or CommitIds (a history).
  template <class Ids>
  Status scan_commits(const Repository& repo, const Ids& commits) {
    history_ = commits.size() > 1;
    const bool bar = req_.progress && isatty(STDERR_FILENO);
    // libgit2 1.5 makes room in a full object cache by walking its hash table
    // from the first bucket for every object it stores, which made a long
    // history quadratic: 10,000 small commits scanned in 1.8 s, 100,000 in 96 s.
    // The cache's limit counts every handle, so a long run first empties the
    // given handle's (the commit walk filled it), then scans on handles of its
    // own, each replaced by a fresh one once it has filled half of the room.
    const bool rotate = reopen_from_ && commits.size() > kRotateAbove;
    if (rotate && release_) release_();
    std::optional<Repository> fresh;
    const Repository* cur = &repo;
    ssize_t room = 0;
    // Commits are queued together and their blobs matched on other threads
    // while this one diffs and reads on: most commits change a file or two,
    // too few to keep the threads busy alone.
    for (std::size_t i = 0; i < commits.size(); ++i) {
      if (bar) std::fprintf(stderr, "\rscanning commit %zu/%zu", i + 1, commits.size());
      if (rotate && (i == 0 || (cur != &repo && cached_bytes() > room))) {
        if (auto st = drain(*cur); !st) return st;  // the queued blobs' handle is about to go
        cur = &repo;
        fresh.reset();
        const ssize_t used = cached_bytes(), limit = cache_limit();
        room = used + (limit - used) / 2;
        if (limit - used > limit / 8)  // else another handle holds the cache: stay on the given one
          if (auto opened = Repository::open(*reopen_from_); opened && opened->prepare_bulk_reads()) {
            fresh.emplace(std::move(*opened));
            cur = &*fresh;
          }
      }
      const std::string commit = commits[i];
      auto changes = cur->commit_changes(commit, AddedLines::OnDemand);
      if (!changes) return std::unexpected(changes.error());
      auto held = std::make_shared<const std::vector<Change>>(std::move(*changes));
      if (auto st = queue_changes(*cur, *held, commit, held); !st) return st;
      if (queued_.jobs.size() >= kQueuedJobs || queued_.keep.size() >= kQueuedJobs)
        if (auto st = flush_jobs(*cur); !st) return st;
    }
    if (auto st = drain(*cur); !st) return st;
    if (bar) std::fprintf(stderr, "\r%*s\r", 40, "");
    return ok();
  }

 private:
  // A large blob, scanned in chunks as it is read: the same findings and lines
  // as scan_change on the whole text. Nothing when it is UTF-16 text small
  // enough to decode whole (the caller's path does that).
  std::optional<FileOutcome> scan_streamed(const Repository& repo, const Change& c, const std::string& commit) {
    auto scan_once = [&](const Change& ch) -> std::optional<FileOutcome> {
      auto stream = BlobStream::open(repo, ch.new_id);
      if (!stream)  // a partial clone (--filter=blob:none): counted with the other missing blobs
        return FileOutcome{{}, true, ch.path + ": skipped, missing blob"};
      TextContext ctx{ch.path, commit, ch.added_pending ? nullptr : &ch.added};
      FileOutcome o = scanner_.scan_stream([&](char* p, std::size_t n) { return stream->read(p, n); }, ctx);
      if (o.skipped && o.note.ends_with("(NUL byte in the first 8000 bytes)") && ch.size <= kMaxUtf16Bytes) {
        char head[2] = {0, 0};
        auto again = BlobStream::open(repo, ch.new_id);
        if (again && again->read(head, 2) == 2 && starts_with_utf16_bom(std::string_view(head, 2))) return std::nullopt;
      }
      if (o.skipped) {
        o.findings = path_only_findings(ch, commit);
        return o;
      }
      if (ch.status == ChangeStatus::Added || ch.status == ChangeStatus::Copied || ch.status == ChangeStatus::Renamed) {
        auto extra = scanner_.scan_path_only(ctx);
        o.findings.insert(o.findings.end(), extra.begin(), extra.end());
      }
      return o;
    };
    auto whole = scan_once(c);
    if (!whole || whole->skipped || !c.added_pending || whole->findings.empty()) return whole;
    // As scan_changes does: a file with findings is diffed, and only its added lines reported.
    Change exact = c;
    if (auto st = repo.fill_added_lines(exact); !st)
      return FileOutcome{{}, true, c.path + ": skipped, unreadable (" + st.error().message() + ")"};
    if (exact.binary) return FileOutcome{path_only_findings(exact, commit), true, exact.path + ": skipped, binary"};
    return scan_once(exact);
  }

  // gitleaks' file-name rules (`path` without `regex`), for a path new in this change.
  std::vector<Finding> path_only_findings(const Change& c, const std::string& commit) const {
    if (c.status != ChangeStatus::Added && c.status != ChangeStatus::Copied && c.status != ChangeStatus::Renamed)
      return {};
    return scanner_.scan_path_only(TextContext{c.path, commit, nullptr});
  }

  // The text (only its added lines when known) and, for a new path, the path-only rules.
  FileOutcome scan_change(const Change& c, const std::string& content, const std::string& commit,
                          const std::optional<TextRegion>& region) const {
    TextContext ctx{c.path, commit, c.added_pending ? nullptr : &c.added};
    FileOutcome out;
    out.findings = region ? scanner_.scan_region(content, *region, ctx) : scanner_.scan_text(content, ctx);
    if (c.status == ChangeStatus::Added || c.status == ChangeStatus::Copied || c.status == ChangeStatus::Renamed) {
      auto extra = scanner_.scan_path_only(ctx);
      out.findings.insert(out.findings.end(), extra.begin(), extra.end());
    }
    return out;
  }
  void absorb(FileOutcome&& o) {
    if (o.skipped) {
      result_.summary.notes.push_back(std::move(o.note));
      ++result_.summary.files_skipped;
      // A file-name rule (a .p12 keystore) needs no content: it reports on skipped binaries too.
      for (auto& f : o.findings) result_.findings.push_back(std::move(f));
      return;
    }
    ++result_.summary.files_scanned;
    for (auto& f : o.findings) result_.findings.push_back(std::move(f));
  }

  // A blob read through the cache: a history scan keeps what it reads.
  std::shared_ptr<const std::string> cached_blob(const Repository& repo, const std::string& id) {
    if (auto hit = blobs_.find(id)) return hit;
    auto blob = repo.read_blob(id);
    if (!blob) return nullptr;
    auto shared = std::make_shared<const std::string>(std::move(*blob));
    if (history_) blobs_.keep(id, shared);
    return shared;
  }

  // Where a modified file can hold what the change added: its added lines
  // when the diff gave them, else where it differs from the old blob.
  std::optional<TextRegion> region_to_scan(const Repository& repo, const Change& c, const std::string& content) {
    if (!regions_ || c.status == ChangeStatus::Added || c.status == ChangeStatus::TypeChanged || c.old_id.empty())
      return {};
    if (!c.added_pending) return region_of_lines(content, c.added);
    auto before = blobs_.find(c.old_id);
    if (!before) {
      // Without a history's cache (a staged change, one commit) the old blob
      // is read for this alone: for a small file that costs about what
      // scanning it whole does, and a file rewritten whole gains nothing.
      if (!history_ && content.size() < kRegionAfterBytes) return {};
      // A huge old blob is not read whole to spare scanning a smaller new one.
      auto size = repo.blob_size(c.old_id);
      if (!size || *size > kStreamAbove) return {};  // missing (a partial clone), or huge: the whole new blob
      before = cached_blob(repo, c.old_id);
    }
    if (!before) return {};
    return changed_region(*before, content);
  }

  static ssize_t cached_bytes() {
    ssize_t used = 0, allowed = 0;
    git_libgit2_opts(GIT_OPT_GET_CACHED_MEMORY, &used, &allowed);
    return used;
  }
  static ssize_t cache_limit() {
    ssize_t used = 0, allowed = 0;
    git_libgit2_opts(GIT_OPT_GET_CACHED_MEMORY, &used, &allowed);
    return allowed;
  }

  static constexpr std::size_t kRotateAbove = 1000;  // commits
  static constexpr std::size_t kQueuedJobs = 256;     // files queued across commits before a scan
  BlobCache blobs_;
  bool history_ = false;  // set by scan_commits: commits read one after another
  bool regions_ = true;   // only the changed part of a modified file (changed_region.hpp)
  Batch queued_;
  std::unique_ptr<Batch> in_flight_;  // declared before matching_: the thread ends before it goes
  std::jthread matching_;
  const RepoPaths* reopen_from_ = nullptr;
  std::function<void()> release_;
  const Scanner& scanner_;
  const ScanRequest& req_;
  ScanResult& result_;
  int jobs_;
};

// Commits of "A..B": reachable from B and not from A.
Result<CommitIds> range_commits(const Repository& repo, const std::string& range) {
  std::size_t dots = range.find("..");
  if (dots == std::string::npos)
    return fail(ErrorKind::Usage, "--range needs A..B", range, "e.g. --range origin/main..HEAD");
  std::string a = range.substr(0, dots), b = range.substr(dots + 2);
  if (b.empty()) b = "HEAD";
  auto to = repo.resolve_commit(b);
  if (!to) return std::unexpected(to.error());
  if (a.empty()) return repo.rev_list_ids(*to, {});
  auto from = repo.resolve_commit(a);
  if (!from) return std::unexpected(from.error());
  auto between = repo.commits_between(*from, *to);
  if (!between) return std::unexpected(between.error());
  return commit_ids_from_hex(*between);
}

// --history with --shard or --since-last-scan: the commits plan_history picks.
Status scan_planned_history(Run& run, const Repository& repo, const ScanRequest& req, ScanResult& result) {
  auto plan = plan_history(repo, req.shard, req.since_last_scan);
  if (!plan) return std::unexpected(plan.error());
  std::string scope = "history (" + std::to_string(plan->commits.size()) + " commits";
  if (req.shard.count > 1)
    scope += ", shard " + std::to_string(req.shard.index) + "/" + std::to_string(req.shard.count) + "; " +
             std::to_string(plan->other_shards) + " left to the other shards";
  if (plan->already_scanned > 0) scope += "; " + std::to_string(plan->already_scanned) + " already scanned";
  result.summary.scope = scope + ")";
  result.summary.notes.insert(result.summary.notes.end(), plan->notes.begin(), plan->notes.end());
  if (auto st = run.scan_commits(repo, plan->commits); !st) return st;
  result.history = std::move(*plan);
  return ok();
}

// A partial clone (git clone --filter) records where its missing objects are:
// extensions.partialClone, or a remote marked as a promisor.
bool is_partial_clone(const Repository& repo) {
  git_config* raw = nullptr;
  if (git_repository_config_snapshot(&raw, repo.raw()) < 0) {
    git_error_clear();
    return false;
  }
  bool partial = false;
  git_config_entry* entry = nullptr;
  if (git_config_get_entry(&entry, raw, "extensions.partialclone") == 0) {
    partial = entry->value && *entry->value;
    git_config_entry_free(entry);
  }
  git_config_iterator* it = nullptr;
  if (!partial && git_config_iterator_glob_new(&it, raw, "^remote\\..*\\.promisor$") == 0) {
    git_config_entry* e = nullptr;
    while (!partial && git_config_next(&e, it) == 0) {
      int on = 0;
      partial = git_config_parse_bool(&on, e->value) == 0 && on;
    }
    git_config_iterator_free(it);
  }
  git_error_clear();
  git_config_free(raw);
  return partial;
}

// "p: skipped, missing blob" notes, before summarise_skips folds them.
int count_missing_blobs(const RunSummary& summary) {
  return static_cast<int>(std::count_if(summary.notes.begin(), summary.notes.end(), [](const std::string& n) {
    return n.ends_with(": skipped, missing blob");
  }));
}

}  // namespace

RuleSources rule_sources_for(const Config& config, const RepoPaths& repo) {
  RuleSources sources;
  sources.packs = config.scan.packs;
  sources.gitleaks_config = team_gitleaks_config(config, repo);
  return sources;
}

bool prefilter_turned_off() {
  const char* v = std::getenv("HOOKAGENT_PREFILTER");
  return v && std::string_view(v) == "off";
}

// Bulk scans may compile the pattern prefilter when it is not cached yet
// (about a second, repaid over later runs); a hook's scan only uses a cached
// one. HOOKAGENT_PREFILTER=off|always overrides, to compare or measure.
void choose_prefilter(ScanScope scope, ScanOptions& options) {
  const bool bulk = scope == ScanScope::Paths || scope == ScanScope::Range || scope == ScanScope::History;
  options.prefilter = bulk ? PrefilterUse::Build : PrefilterUse::CachedOnly;
  if (prefilter_turned_off()) options.prefilter = PrefilterUse::Off;
  if (const char* v = std::getenv("HOOKAGENT_PREFILTER"); v && std::string_view(v) == "always") {
    options.prefilter = PrefilterUse::Build;
    options.compile_after = 0;
    options.load_after = 0;
  }
}

Result<ScanResult> run_scan(const ScanRequest& request, const Config& config, const RepoPaths& repo_paths) {
  ScanOptions options;
  options.max_file_size = config.scan.max_file_size;
  options.max_decode_depth = request.max_decode_depth;
  options.inline_allow = request.inline_allow;
  choose_prefilter(request.scope, options);
  // Rules load on a second thread while this one opens the repository and
  // diffs the index: the two took about the same time, one after the other,
  // in a pre-commit scan. The prefilter loads later, if the scan is long
  // enough to want it (ScanOptions::load_after).
  // A warm server's child has the bundled packs preloaded, found in two stat
  // calls: a thread for that (its stack and malloc arena faulted in) cost
  // the child ~2 ms of CPU per check on a 2-core VM.
  const RuleSources sources = rule_sources_for(config, repo_paths);
  const bool preloaded = rule_set_preloaded() && sources.gitleaks_config.empty();
  auto pending_rules = std::async(preloaded ? std::launch::deferred : std::launch::async,
                                  [&] { return load_rule_set(sources); });

  const bool have_repo = !repo_paths.git_dir.empty();
  std::optional<Repository> repo;
  if (have_repo) {
    auto opened = Repository::open(repo_paths);
    if (!opened && request.scope != ScanScope::Paths) return std::unexpected(opened.error());
    if (opened) repo.emplace(std::move(*opened));
  } else if (request.scope != ScanScope::Paths) {
    return fail(ErrorKind::Usage, "not inside a git repository", fs::current_path().string(),
                "run inside a repository, or name files: hookagent scan PATH...");
  }
  std::optional<Result<std::vector<Change>>> staged;
  if (request.scope == ScanScope::Staged) staged = repo->staged_changes({}, AddedLines::OnDemand);
  const bool many_commits = request.scope == ScanScope::Range || request.scope == ScanScope::History ||
                            request.commits.size() > 1;
  if (many_commits)
    if (auto st = repo->prepare_bulk_reads(); !st) return std::unexpected(st.error());

  auto rules = pending_rules.get();
  if (!rules) return std::unexpected(rules.error());
  Scanner scanner(*rules, options);
  ScanResult result;
  result.rules = *rules;
  result.summary.notes = (*rules)->notes;
  Run run(scanner, request, result);
  if (many_commits)
    run.allow_reopen(&repo_paths, [&] {
      if (auto opened = Repository::open(repo_paths); opened && opened->prepare_bulk_reads()) *repo = std::move(*opened);
    });

  switch (request.scope) {
    case ScanScope::Paths: {
      result.summary.scope = "files";
      auto walked = walk_paths(request.paths, repo ? &*repo : nullptr, config.scan.exclude_paths);
      run.scan_walked(walked);
      break;
    }
    case ScanScope::Staged: {
      result.summary.scope = "staged changes";
      if (!*staged) return std::unexpected(staged->error());
      if (auto st = run.scan_changes(*repo, **staged, ""); !st) return std::unexpected(st.error());
      break;
    }
    case ScanScope::Commit: {
      std::vector<std::string> commits = request.commits;
      if (commits.empty()) {
        auto id = repo->resolve_commit(request.rev.empty() ? "HEAD" : request.rev);
        if (!id) return std::unexpected(id.error());
        commits.push_back(*id);
        result.summary.scope = "commit " + id->substr(0, 12);
      } else {
        result.summary.scope = std::to_string(commits.size()) + " commits";
      }
      if (auto st = run.scan_commits(*repo, commits); !st) return std::unexpected(st.error());
      break;
    }
    case ScanScope::Range:
    case ScanScope::History: {
      if (!request.commits.empty()) {  // pre-push / pre-receive: exactly these commits
        result.summary.scope = std::to_string(request.commits.size()) + " pushed commits";
        if (auto st = run.scan_commits(*repo, request.commits); !st) return std::unexpected(st.error());
        break;
      }
      if (request.scope == ScanScope::History && (request.since_last_scan || request.shard.count > 1)) {
        if (auto st = scan_planned_history(run, *repo, request, result); !st) return std::unexpected(st.error());
        break;
      }
      auto commits = request.scope == ScanScope::Range ? range_commits(*repo, request.rev)
                                                       : (repo->head_exists() ? repo->rev_list_ids("HEAD", {})
                                                                              : Result<CommitIds>{});
      if (!commits) return std::unexpected(commits.error());
      result.summary.scope = (request.scope == ScanScope::Range ? "range " + request.rev : std::string("history")) +
                             " (" + std::to_string(commits->size()) + " commits)";
      if (auto st = run.scan_commits(*repo, *commits); !st) return std::unexpected(st.error());
      break;
    }
  }

  if (repo && repo->is_shallow() && (request.scope == ScanScope::History || request.scope == ScanScope::Range))
    result.summary.notes.push_back("this clone is shallow: only the commits it holds were scanned, the oldest as a "
                                   "whole tree (`git fetch --unshallow` to scan the rest)");
  // A partial clone is scanned as far as its blobs go; only a run that could
  // read none of them fails (exit 2), since a green job must mean something.
  const int missing = count_missing_blobs(result.summary);
  const bool partial = missing > 0 && repo && is_partial_clone(*repo);
  if (missing > 0 && result.summary.files_scanned == 0)
    return fail(ErrorKind::Git, "none of the " + std::to_string(missing) + " blob(s) to scan is in this repository",
                repo_paths.git_dir.string(),
                partial ? "a partial clone: `git config --unset remote.origin.partialclonefilter && git fetch "
                          "--refetch origin`, or clone without --filter"
                        : "the objects are missing or damaged: `git fsck` names them");
  summarise_skips(result.summary, request.verbose, partial);
  auto origin = config.origins.find("scan.context_paths");
  std::unordered_set<std::string> context_secret_rules;
  // Every rule's tags, read only when there is a finding to mark: in a warm
  // server's fresh child, reading them was 10% of a one-line check.
  if (!result.findings.empty())
    for (const CompiledRule& r : result.rules->rules)
      for (const char* tag : {"generic", "test-fixture-key"})
        if (r.secret && std::find(r.tags.begin(), r.tags.end(), tag) != r.tags.end()) context_secret_rules.insert(r.id);
  if (auto st = mark_advisory_findings(result.findings, config.scan,
                                       origin == config.origins.end() ? std::string() : origin->second.source,
                                       context_secret_rules);
      !st)
    return std::unexpected(st.error());

  // Without a work tree (a bare repository: a server's pre-receive, which reads
  // nothing of the pushed tree) the lists are the admin's, in the git dir.
  const bool tree_lists = !repo_paths.work_tree.empty();
  const fs::path lists_dir = tree_lists ? repo_paths.work_tree : repo_paths.common_dir;
  // The lists are read (and a malformed one reported) even with no finding to drop.
  if (request.use_ignore_file && !lists_dir.empty()) {
    auto ignore = IgnoreList::load(lists_dir / (tree_lists ? ".hookagentignore" : "hookagentignore"));
    if (!ignore) return std::unexpected(ignore.error());
    auto gitleaks = GitleaksIgnore::load(lists_dir / (tree_lists ? ".gitleaksignore" : "gitleaksignore"));
    if (!gitleaks) return std::unexpected(gitleaks.error());
    const RuleSet& ran = *result.rules;
    gitleaks->canonicalize_rules([&](const std::string& id) { return ran.canonical_id(id); });
    // A fingerprint written under an old id of the rule still suppresses it.
    std::unordered_map<std::string, const std::vector<std::string>*> aliases;
    if (!result.findings.empty())
      for (const CompiledRule& r : ran.rules)
        if (!r.aliases.empty()) aliases.emplace(r.id, &r.aliases);
    auto listed = [&](const Finding& f) {
      if (ignore->contains(f.fingerprint)) return true;
      auto it = aliases.find(f.rule_id);
      if (it == aliases.end()) return false;
      const std::string prefix = f.file + ":" + f.rule_id + ":";
      if (!f.fingerprint.starts_with(prefix)) return false;
      const std::string hash = f.fingerprint.substr(prefix.size());
      return std::any_of(it->second->begin(), it->second->end(),
                         [&](const std::string& old) { return ignore->contains(f.file + ":" + old + ":" + hash); });
    };
    auto before = result.findings.size();
    std::erase_if(result.findings, [&](const Finding& f) { return listed(f) || gitleaks->matches(f); });
    result.suppressed = static_cast<int>(before - result.findings.size());
  }
  sort_findings(result.findings);
  return result;
}

}  // namespace hookagent::scan
