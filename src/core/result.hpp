#pragma once
// Errors are values inside hookagent; only the CLI and hook mains turn them into
// messages and exit codes (see core/exit_codes.hpp).
#include <expected>
#include <string>
#include <utility>

namespace hookagent {

enum class ErrorKind {
  Usage,     // the user asked for something that cannot work: exit 2
  Config,    // a config, rule or skill file is wrong: exit 2
  Git,       // the repository cannot be read as asked: exit 2
  Io,        // a file or process failed: exit 3
  Provider,  // an LLM provider failed: exit 3 under on_error = "block"
  Internal,  // a bug: exit 3
};

struct Error {
  ErrorKind kind = ErrorKind::Internal;
  std::string what;   // what went wrong, one line
  std::string where;  // file:line:col, a ref, a URL; may be empty
  std::string hint;   // what the user can do about it; may be empty

  // "where: what (hint)" — the one line users see.
  std::string message() const;
};

template <class T>
using Result = std::expected<T, Error>;

// For functions that only succeed or fail.
using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(ErrorKind kind, std::string what, std::string where = {},
                                   std::string hint = {}) {
  return std::unexpected(Error{kind, std::move(what), std::move(where), std::move(hint)});
}

inline Status ok() { return {}; }

}  // namespace hookagent
