// Test helper: what src/git/ reads, printed as lines, run from test hook scripts.
//   git_probe staged | commit REV | range FROM TO | paths | hooks-dir
//   git_probe staged-on-demand | commit-on-demand REV: added lines left pending, then
//   filled one by one (Repository::fill_added_lines); prints like staged/commit
//   git_probe push REMOTE     (pre-push lines on stdin)
//   git_probe receive         (pre-receive lines on stdin; also prints each commit's changes)
//   git_probe note-append REF COMMIT LINE | note-read REF COMMIT
#include <git2.h>

#include <iostream>
#include <iterator>
#include <string>

#include "git/libgit2_init.hpp"
#include "git/notes_store.hpp"
#include "git/repository.hpp"

using namespace hookagent;

namespace {

std::string escaped(const std::string& s) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c < 0x20 || c >= 0x7f) out += std::string("\\x") + hex[c >> 4] + hex[c & 15];
    else out += char(c);
  }
  return out;
}

char letter(ChangeStatus s) {
  switch (s) {
    case ChangeStatus::Added: return 'A';
    case ChangeStatus::Deleted: return 'D';
    case ChangeStatus::Renamed: return 'R';
    case ChangeStatus::Copied: return 'C';
    case ChangeStatus::TypeChanged: return 'T';
    default: return 'M';
  }
}

void print(const std::vector<Change>& changes) {
  for (auto& c : changes) {
    std::string ranges;
    for (auto& r : c.added) ranges += (ranges.empty() ? "" : ",") + std::to_string(r.first) + "-" + std::to_string(r.last);
    char modes[32];
    std::snprintf(modes, sizeof modes, "%06o %06o", c.old_mode, c.new_mode);
    std::cout << letter(c.status) << '\t' << modes << '\t' << (c.binary ? "bin" : "txt") << '\t' << c.size << '\t'
              << escaped(c.old_path) << '\t' << escaped(c.path) << '\t' << (ranges.empty() ? "-" : ranges) << '\n';
  }
}

template <class T>
int done(const Result<T>& r) {
  if (r) return 0;
  std::cerr << "error: " << r.error().message() << "\n";
  return 3;
}

// Fills every pending change; a change that was pending and was not before
// must come out exactly as the eager diff prints it.
Result<std::vector<Change>> filled(Result<std::vector<Change>> changes, const Repository& repo) {
  if (!changes) return changes;
  for (auto& c : *changes) {
    const bool pending = c.added_pending;
    if (auto st = repo.fill_added_lines(c); !st) return std::unexpected(st.error());
    if (pending && c.added_pending) return fail(ErrorKind::Internal, "still pending after fill", c.path);
  }
  return changes;
}

int run(int argc, char** argv) {
  std::string cmd = argc > 1 ? argv[1] : "";
  if (cmd == "paths") {
    auto p = discover_repo_paths({});
    if (!p) return done(p);
    std::cout << "work_tree=" << p->work_tree.string() << "\ngit_dir=" << p->git_dir.string()
              << "\ncommon_dir=" << p->common_dir.string() << "\nbare=" << p->bare << "\n";
    return 0;
  }
  auto repo = Repository::discover({});
  if (!repo) return done(repo);
  if (cmd == "staged") {
    auto c = repo->staged_changes();
    if (c) print(*c);
    return done(c);
  }
  if (cmd == "staged-on-demand") {
    auto c = filled(repo->staged_changes({}, AddedLines::OnDemand), *repo);
    if (c) print(*c);
    return done(c);
  }
  if (cmd == "commit-on-demand" && argc > 2) {
    auto c = filled(repo->commit_changes(argv[2], AddedLines::OnDemand), *repo);
    if (c) print(*c);
    return done(c);
  }
  if (cmd == "commit" && argc > 2) {
    auto c = repo->commit_changes(argv[2]);
    if (c) print(*c);
    return done(c);
  }
  if (cmd == "range" && argc > 3) {
    auto c = repo->range_changes(argv[2], argv[3]);
    if (c) print(*c);
    return done(c);
  }
  if (cmd == "hooks-dir") {
    auto d = repo->hooks_dir();
    if (d) std::cout << d->string() << "\n";
    return done(d);
  }
  std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  if (cmd == "push" && argc > 2) {
    auto updates = parse_pre_push_lines(input);
    if (!updates) return done(updates);
    auto ids = repo->new_commits_for_push(argv[2], *updates);
    if (ids) for (auto& id : *ids) std::cout << id << "\n";
    return done(ids);
  }
  if (cmd == "receive") {
    auto updates = parse_pre_receive_lines(input);
    if (!updates) return done(updates);
    auto ids = repo->new_commits_for_receive(*updates);
    if (!ids) return done(ids);
    for (auto& id : *ids) {
      std::cout << "commit " << id << "\n";
      auto c = repo->commit_changes(id);
      if (!c) return done(c);
      print(*c);
      for (auto& ch : *c) {
        if (ch.new_id.empty()) continue;
        auto blob = repo->read_blob(ch.new_id);  // the pushed content, still in quarantine
        if (!blob) return done(blob);
        std::cout << "content " << escaped(*blob) << "\n";
      }
    }
    return 0;
  }
  if (cmd == "note-append" && argc > 4) {
    NotesStore notes(*repo);
    return done(notes.append_with_retry(argv[2], argv[3], argv[4]));
  }
  if (cmd == "note-read" && argc > 3) {
    NotesStore notes(*repo);
    auto t = notes.read(argv[2], argv[3]);
    if (t && *t) std::cout << **t;
    return done(t);
  }
  std::cerr << "usage: git_probe staged|commit REV|range A B|paths|hooks-dir|push REMOTE|receive|note-append REF C LINE|note-read REF C\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  hookagent::gitx::wait_libgit2_init();
  int rc = run(argc, argv);
  hookagent::gitx::shutdown_libgit2();
  return rc;
}
