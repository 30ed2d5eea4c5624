#pragma once
// Internal to src/git/: turning libgit2's int codes and oids into our values.
#include <git2.h>

#include <memory>
#include <string>

#include "core/result.hpp"

namespace hookagent::gitx {

// An Error of kind Git carrying libgit2's last message.
Error last_error(const std::string& what, const std::string& where = {}, const std::string& hint = {});

inline std::unexpected<Error> fail_git(const std::string& what, const std::string& where = {},
                                       const std::string& hint = {}) {
  return std::unexpected(last_error(what, where, hint));
}

std::string to_hex(const git_oid& oid);
// Parses a full hex id; false when `hex` is not one.
bool parse_hex(const std::string& hex, git_oid* out);

// RAII for libgit2 objects: Owned<git_tree, git_tree_free> t;
template <class T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { if (p) Free(p); }
};
template <class T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, Deleter<T, Free>>;

using Tree = Owned<git_tree, git_tree_free>;
using Commit = Owned<git_commit, git_commit_free>;
using Object = Owned<git_object, git_object_free>;
using Diff = Owned<git_diff, git_diff_free>;
using Patch = Owned<git_patch, git_patch_free>;
using Index = Owned<git_index, git_index_free>;
using Reference = Owned<git_reference, git_reference_free>;
using Revwalk = Owned<git_revwalk, git_revwalk_free>;
using Blob = Owned<git_blob, git_blob_free>;
using Odb = Owned<git_odb, git_odb_free>;
using OdbObject = Owned<git_odb_object, git_odb_object_free>;
using Config = Owned<git_config, git_config_free>;
using Note = Owned<git_note, git_note_free>;
using Signature = Owned<git_signature, git_signature_free>;
using RefIterator = Owned<git_reference_iterator, git_reference_iterator_free>;
using ConfigIterator = Owned<git_config_iterator, git_config_iterator_free>;

// The blob with full hex id `hex`; errors name `where` (default: the id).
Result<Blob> lookup_blob(git_repository* repo, const std::string& hex, const std::string& where = {});

}  // namespace hookagent::gitx
