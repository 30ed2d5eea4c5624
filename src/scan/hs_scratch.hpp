#pragma once
// Vectorscan scratch space for the calling thread, made to fit a database.
#include <hs/hs.h>

#include <cstddef>
#include <cstdint>

namespace hookagent::scan {

// The calling thread's scratch, grown to fit `db` (named by `id`, unique in
// the process: an address can be reused by a later database). hs_alloc_scratch()
// checksums the whole database (~2 ms for the 30 MB prefilter), so it runs once
// per database and process, on a shared prototype; each thread clones that,
// which copies the scratch alone. A warm server's children, whose threads are
// all new, then pay no checksum. Null when Vectorscan refuses.
hs_scratch_t* scratch_for(const hs_database_t* db, uint64_t id);

// Clones `count` scratches of the prototype ahead, for threads not started
// yet: a warm server's children take one instead of cloning (6% of a warm
// 50-file pre-commit went to cloning and faulting in fresh scratch).
void keep_spare_scratch(std::size_t count);

}  // namespace hookagent::scan
