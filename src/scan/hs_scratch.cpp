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

// Lives as long as the process: threads clone it until the end. `spares`
// are clones that fit it, made ahead (keep_spare_scratch) or left by threads
// that ended; a prototype grown for another database drops them.
struct Prototype : Space {
  std::vector<hs_scratch_t*> spares;
};
std::mutex prototype_mutex;
Prototype& prototype() {
  static Prototype* p = new Prototype;
  return *p;
}

struct ThreadSpace : Space {
  ~ThreadSpace() {
    if (!space) return;
    std::lock_guard lock(prototype_mutex);
    Prototype& proto = prototype();
    if (fits == proto.fits) proto.spares.push_back(space);
    else hs_free_scratch(space);
  }
};

void drop_spares(Prototype& proto) {
  for (hs_scratch_t* s : proto.spares) hs_free_scratch(s);
  proto.spares.clear();
}

}  // namespace

void keep_spare_scratch(std::size_t count) {
  std::lock_guard lock(prototype_mutex);
  Prototype& proto = prototype();
  while (proto.space && proto.spares.size() < count) {
    hs_scratch_t* copy = nullptr;
    if (hs_clone_scratch(proto.space, &copy) != HS_SUCCESS) return;
    proto.spares.push_back(copy);
  }
}

hs_scratch_t* scratch_for(const hs_database_t* db, uint64_t id) {
  thread_local ThreadSpace mine;
  if (mine.fit(id)) return mine.space;
  std::lock_guard lock(prototype_mutex);
  Prototype& proto = prototype();
  if (!proto.fit(id)) {
    if (hs_alloc_scratch(db, &proto.space) != HS_SUCCESS) return nullptr;
    proto.fits.push_back(id);
    drop_spares(proto);
  }
  hs_scratch_t* copy = nullptr;
  if (!proto.spares.empty()) {
    copy = proto.spares.back();
    proto.spares.pop_back();
  } else if (hs_clone_scratch(proto.space, &copy) != HS_SUCCESS) {
    return nullptr;
  }
  if (mine.space) hs_free_scratch(mine.space);
  mine.space = copy;
  mine.fits = proto.fits;
  return mine.space;
}

}  // namespace hookagent::scan
