#pragma once
// A blob read in pieces that the reader pulls (Scanner::scan_stream), so that a
// staged or committed file of gigabytes is never held whole: a loose object is
// inflated as it is read. libgit2 1.5 streams loose objects only, and `git add`
// packs a file above core.bigFileThreshold (512 MB): a packed blob over 64 MB
// comes through `git cat-file blob` (a pipe), a smaller one is read whole once.
// Defined in blob_reader.cpp.
#include <cstddef>
#include <memory>
#include <string>

#include "core/result.hpp"

namespace hookagent {

class Repository;

class BlobStream {
 public:
  static Result<BlobStream> open(const Repository& repo, const std::string& id);
  // Fills up to n bytes (fewer only at the end); 0 at the end, -1 on a read error.
  long read(char* p, std::size_t n);
  // Whether the blob was read whole (packed, and small or without git).
  bool whole() const;

  BlobStream(BlobStream&&) noexcept;
  BlobStream& operator=(BlobStream&&) noexcept;
  ~BlobStream();

 private:
  struct State;
  explicit BlobStream(std::unique_ptr<State> s);
  std::unique_ptr<State> s_;
};

}  // namespace hookagent
