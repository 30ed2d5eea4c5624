#pragma once
// The ref lines git writes on a hook's stdin. Parsing needs no libgit2 (light).
//   pre-push (githooks(5)):    <local ref> SP <local sha> SP <remote ref> SP <remote sha> LF
//   pre-receive (githooks(5)): <old sha> SP <new sha> SP <ref name> LF
// A sha of all zeros means "does not exist": a new ref, or a deletion.
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace hookagent {

bool is_zero_id(std::string_view hex);
// A full lower-case object id (SHA-1 or SHA-256).
bool is_hex_id(std::string_view hex);

struct PushRefUpdate {
  std::string local_ref;   // "(delete)" when the ref is being deleted
  std::string local_id;    // zeros when the ref is being deleted
  std::string remote_ref;
  std::string remote_id;   // zeros when the remote does not have the ref yet

  bool is_deletion() const { return is_zero_id(local_id); }
  bool is_new_ref() const { return is_zero_id(remote_id); }
};

struct ReceiveRefUpdate {
  std::string old_id;  // zeros when the ref is created
  std::string new_id;  // zeros when the ref is deleted
  std::string ref;

  bool is_deletion() const { return is_zero_id(new_id); }
  bool is_creation() const { return is_zero_id(old_id); }
};

// Errors name the offending line ("stdin:3") and what shape was expected.
Result<std::vector<PushRefUpdate>> parse_pre_push_lines(std::string_view text);
Result<std::vector<ReceiveRefUpdate>> parse_pre_receive_lines(std::string_view text);

}  // namespace hookagent
