#pragma once
// The text side of the commit-message hooks: what git hands prepare-commit-msg
// and commit-msg, and how a drafted message goes into the message file. Pure
// functions over strings, so the rules are tested without git or a provider.
#include <string>
#include <string_view>

namespace hookagent::hooks {

// githooks(5): prepare-commit-msg's second argument says where the message
// came from. None: a plain `git commit`, the file holds only git's comments.
enum class MessageSource { None, Message, Template, Merge, Squash, Commit };
MessageSource parse_message_source(std::string_view arg);

// Only a commit whose message the user has not given yet may get a draft:
// -m/-F, --fixup (message), merges, squashes and amend/-c/-C (commit) keep theirs.
bool source_allows_draft(MessageSource source);

// The message as git will record it with its default cleanup: comment lines
// dropped, everything from the scissors line (`commit -v`) on dropped, and
// blank lines trimmed at both ends. Empty when the user wrote nothing.
std::string message_body(std::string_view file_text, char comment_char = '#');

// git's autosquash markers (`commit --fixup/--squash`): the message is a
// placeholder that `rebase --autosquash` folds away, not one to check.
bool is_autosquash_message(std::string_view body);

// The model's reply as a message: the inside of a code fence when it used one,
// quotes around the whole reply removed, trailing spaces and surrounding blank
// lines trimmed. Empty when nothing usable is left.
std::string clean_draft(std::string_view reply);

// The message file with the draft on top, a blank line, and what git wrote
// below it (its comment lines, the status, a verbose diff) kept as it was.
std::string with_draft(std::string_view file_text, std::string_view draft);

}  // namespace hookagent::hooks
