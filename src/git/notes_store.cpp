// Notes written with compare-and-swap so that concurrent writers lose nothing.
#include "git/notes_store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <random>
#include <sstream>
#include <thread>

#include "git/git_error.hpp"

namespace hookagent {

namespace {

constexpr int kMaxAttempts = 400;

// Serialises hookagent's own writers of one repository. The compare-and-swap
// below is not enough alone: libgit2 checks that a ref does not exist yet
// before it takes the ref's lock, so two first writers of a notes ref both
// "create" it and the second silently replaces the first (seen under load with
// 20 writers). flock(2) is dropped by the kernel when a holder dies. When the
// lock cannot be had (read-only dir, a holder stuck for 20 s) the write goes
// ahead on compare-and-swap alone.
class NotesWriteLock {
 public:
  explicit NotesWriteLock(const std::filesystem::path& common_dir) {
    if (common_dir.empty()) return;
    std::error_code ec;
    // Not create_directories: a repository deleted meanwhile must not come back.
    std::filesystem::create_directory(common_dir / "hookagent", ec);  // where job state lives too
    fd_ = ::open((common_dir / "hookagent" / "notes.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) return;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::close(fd_);
        fd_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  ~NotesWriteLock() {
    if (fd_ >= 0) ::close(fd_);  // closing drops the flock
  }
  NotesWriteLock(const NotesWriteLock&) = delete;
  NotesWriteLock& operator=(const NotesWriteLock&) = delete;

 private:
  int fd_ = -1;
};

Result<gitx::Signature> signature_for(git_repository* repo) {
  git_signature* sig = nullptr;
  if (git_signature_default(&sig, repo) == 0) return gitx::Signature(sig);
  git_error_clear();  // no user.name/email configured: notes still get written
  if (git_signature_now(&sig, "hookagent", "hookagent@localhost") < 0)
    return gitx::fail_git("cannot make a signature for the notes commit");
  return gitx::Signature(sig);
}

// The notes commit `notes_ref` points at, or null when the ref does not exist yet.
Result<gitx::Commit> notes_commit(git_repository* repo, const std::string& notes_ref, git_oid* id) {
  int rc = git_reference_name_to_id(id, repo, notes_ref.c_str());
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return gitx::Commit();
  }
  if (rc < 0) return gitx::fail_git("cannot read notes ref", notes_ref);
  git_commit* raw = nullptr;
  if (git_commit_lookup(&raw, repo, id) < 0) return gitx::fail_git("notes ref does not point at a commit", notes_ref);
  return gitx::Commit(raw);
}

Result<std::optional<std::string>> note_text(git_repository* repo, git_commit* notes, const git_oid& target,
                                             const std::string& notes_ref) {
  if (!notes) return std::optional<std::string>{};
  git_note* raw = nullptr;
  int rc = git_note_commit_read(&raw, repo, notes, &target);
  if (rc == GIT_ENOTFOUND) {
    git_error_clear();
    return std::optional<std::string>{};
  }
  if (rc < 0) return gitx::fail_git("cannot read note", notes_ref);
  gitx::Note note(raw);
  const char* msg = git_note_message(note.get());
  return std::optional<std::string>(msg ? msg : "");
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line))
    if (!line.empty()) out.push_back(line);
  return out;
}

// Read the note, let `edit` produce the new text (nullopt: nothing to write),
// commit it on top of the notes commit we read, and move the ref only if it
// still points there. Another writer won the race: read again and retry.
Status update_note(git_repository* repo, const std::filesystem::path& common_dir, const std::string& notes_ref,
                   const git_oid& target,
                   const std::function<std::optional<std::string>(const std::string&)>& edit) {
  NotesWriteLock lock(common_dir);
  auto sig = signature_for(repo);
  if (!sig) return std::unexpected(sig.error());
  std::minstd_rand rng(std::random_device{}() ^ unsigned(getpid()));
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    git_oid current;
    auto parent = notes_commit(repo, notes_ref, &current);
    if (!parent) return std::unexpected(parent.error());
    auto existing = note_text(repo, parent->get(), target, notes_ref);
    if (!existing) return std::unexpected(existing.error());
    auto text = edit(existing->value_or(""));
    if (!text) return ok();
    git_oid new_commit, blob;
    if (git_note_commit_create(&new_commit, &blob, repo, parent->get(), sig->get(), sig->get(), &target,
                               text->c_str(), /*allow_note_overwrite=*/1) < 0)
      return gitx::fail_git("cannot write note", notes_ref);
    git_reference* out = nullptr;
    const char* log = "hookagent: note";
    int rc = *parent ? git_reference_create_matching(&out, repo, notes_ref.c_str(), &new_commit, 1, &current, log)
                     : git_reference_create(&out, repo, notes_ref.c_str(), &new_commit, 0, log);
    if (rc == 0) {
      git_reference_free(out);
      return ok();
    }
    if (rc != GIT_EMODIFIED && rc != GIT_ELOCKED && rc != GIT_EEXISTS)
      return gitx::fail_git("cannot update notes ref", notes_ref);
    git_error_clear();
    // Lost the race: back off a little, with jitter so writers spread out.
    int ceiling_us = 200 * (1 + std::min(attempt, 50));
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % ceiling_us));
  }
  return fail(ErrorKind::Io, "gave up updating notes after " + std::to_string(kMaxAttempts) + " conflicts",
              notes_ref, "another process keeps moving the notes ref; retry later");
}

Result<git_oid> parse_commit_id(const std::string& hex) {
  git_oid oid;
  if (!gitx::parse_hex(hex, &oid)) return fail(ErrorKind::Internal, "not a full commit id: \"" + hex + "\"");
  return oid;
}

}  // namespace

Status NotesStore::append_with_retry(const std::string& notes_ref, const std::string& commit_id,
                                     const std::string& line) {
  return append_lines_with_retry(notes_ref, commit_id, {line});
}

Status NotesStore::append_lines_with_retry(const std::string& notes_ref, const std::string& commit_id,
                                           const std::vector<std::string>& lines) {
  std::string added;
  for (const auto& line : lines) {
    if (line.find('\n') != std::string::npos)
      return fail(ErrorKind::Internal, "a note line must not contain a newline", notes_ref);
    added += line + '\n';
  }
  auto target = parse_commit_id(commit_id);
  if (!target) return std::unexpected(target.error());
  return update_note(repo_.raw(), repo_.paths().common_dir, notes_ref, *target, [&](const std::string& existing) {
    std::string text = existing;
    if (!text.empty() && text.back() != '\n') text += '\n';
    return std::optional<std::string>(text + added);
  });
}

Result<std::optional<std::string>> NotesStore::read(const std::string& notes_ref,
                                                    const std::string& commit_id) const {
  auto target = parse_commit_id(commit_id);
  if (!target) return std::unexpected(target.error());
  git_oid current;
  auto notes = notes_commit(repo_.raw(), notes_ref, &current);
  if (!notes) return std::unexpected(notes.error());
  return note_text(repo_.raw(), notes->get(), *target, notes_ref);
}

Result<std::vector<std::string>> NotesStore::read_lines(const std::string& notes_ref,
                                                        const std::string& commit_id) const {
  auto text = read(notes_ref, commit_id);
  if (!text) return std::unexpected(text.error());
  return split_lines(text->value_or(""));
}

Result<bool> NotesStore::carry(const std::string& notes_ref, const std::string& old_id, const std::string& new_id) {
  auto old_lines = read_lines(notes_ref, old_id);
  if (!old_lines) return std::unexpected(old_lines.error());
  if (old_lines->empty()) return false;
  auto target = parse_commit_id(new_id);
  if (!target) return std::unexpected(target.error());
  auto st = update_note(repo_.raw(), repo_.paths().common_dir, notes_ref, *target,
                        [&](const std::string& existing) -> std::optional<std::string> {
    auto have = split_lines(existing);
    std::string text = existing;
    if (!text.empty() && text.back() != '\n') text += '\n';
    bool changed = false;
    for (auto& l : *old_lines) {
      if (std::find(have.begin(), have.end(), l) != have.end()) continue;
      text += l + '\n';
      have.push_back(l);
      changed = true;
    }
    return changed ? std::optional<std::string>(text) : std::nullopt;
  });
  if (!st) return std::unexpected(st.error());
  return true;
}

}  // namespace hookagent
