#include "scan/hs_scratch.hpp"

#include <algorithm>
#include <mutex>
#include <vector>

namespace hookagent::scan {

namespace {

struct Space {
  hs_scratch_t* space = nullptr;
  std::vector<uint64_t> fits;  // ids of the databases `space` was grown for
  bool fit(uint64_t id) const { return std::find(fits.begin(), fits.end(), id) != fits.end(); }
};

struct ThreadSpace : Space {
  ~ThreadSpace() {
    if (space) hs_free_scratch(space);
  }
};

// Lives as long as the process: threads clone it until the end.
std::mutex prototype_mutex;
Space& prototype() {
  static Space* p = new Space;
  return *p;
}

}  // namespace

hs_scratch_t* scratch_for(const hs_database_t* db, uint64_t id) {
  thread_local ThreadSpace mine;
  if (mine.fit(id)) return mine.space;
  std::lock_guard lock(prototype_mutex);
  Space& proto = prototype();
  if (!proto.fit(id)) {
    if (hs_alloc_scratch(db, &proto.space) != HS_SUCCESS) return nullptr;
    proto.fits.push_back(id);
  }
  hs_scratch_t* copy = nullptr;
  if (hs_clone_scratch(proto.space, &copy) != HS_SUCCESS) return nullptr;
  if (mine.space) hs_free_scratch(mine.space);
  mine.space = copy;
  mine.fits = proto.fits;
  return mine.space;
}

}  // namespace hookagent::scan
