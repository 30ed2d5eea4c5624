#pragma once
// DESIGN §9: the exit codes every command and hook uses.
#include "core/result.hpp"

namespace hookagent {

enum ExitCode : int {
  kExitPass = 0,
  kExitBlocked = 1,
  kExitUsage = 2,
  kExitInternal = 3,
};

inline int exit_code_for(const Error& e) {
  switch (e.kind) {
    case ErrorKind::Usage:
    case ErrorKind::Config:
    case ErrorKind::Git:
      return kExitUsage;
    default:
      return kExitInternal;
  }
}

}  // namespace hookagent
