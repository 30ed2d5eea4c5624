#pragma once
// hookagent's review results as git notes: line-oriented text in the note of a
// commit (a line for people and a JSON line per review: report/note_entry.hpp), under refs/notes/hookagent/<skill> (DESIGN §9).
//
// libgit2's git_note_create moves the notes ref without compare-and-swap, so two
// writers can silently drop each other's note. Writers here build the new notes
// commit with git_note_commit_create and move the ref with
// git_reference_create_matching (compare-and-swap), retrying on a conflict.
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "git/repository.hpp"

namespace hookagent {

class NotesStore {
 public:
  explicit NotesStore(Repository& repo) : repo_(repo) {}

  // Appends `line` (a newline is added) to the note of `commit_id` under
  // `notes_ref` ("refs/notes/hookagent/code-review"). Safe against concurrent
  // writers in other processes: no appended line is lost.
  Status append_with_retry(const std::string& notes_ref, const std::string& commit_id,
                           const std::string& line);
  // The same for several lines, written in one notes commit: a reader never
  // sees some of them without the others.
  Status append_lines_with_retry(const std::string& notes_ref, const std::string& commit_id,
                                 const std::vector<std::string>& lines);
  // The note's text, or nullopt when the commit has no note under `notes_ref`.
  Result<std::optional<std::string>> read(const std::string& notes_ref, const std::string& commit_id) const;
  // The note's non-empty lines.
  Result<std::vector<std::string>> read_lines(const std::string& notes_ref,
                                              const std::string& commit_id) const;
  // post-rewrite: merges the lines of old_id's note into new_id's note (lines
  // already present are not repeated). Returns false when old_id has no note.
  Result<bool> carry(const std::string& notes_ref, const std::string& old_id, const std::string& new_id);

 private:
  Repository& repo_;
};

}  // namespace hookagent
