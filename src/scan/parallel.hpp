#pragma once
// A minimal pool: `jobs` threads take indices 0..count-1 from one atomic
// counter, so uneven file sizes balance themselves.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace hookagent::scan {

inline int effective_jobs(int requested) {
  if (requested > 0) return requested;
  return std::max(1u, std::thread::hardware_concurrency());
}

// Calls fn(index, worker) for every index; worker is 0..jobs-1 (for per-worker outputs).
template <class Fn>
void parallel_for(std::size_t count, int jobs, Fn&& fn) {
  std::size_t workers = std::min<std::size_t>(static_cast<std::size_t>(std::max(jobs, 1)), count);
  if (workers <= 1) {
    for (std::size_t i = 0; i < count; ++i) fn(i, 0);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::jthread> pool;
  for (std::size_t w = 0; w < workers; ++w) {
    pool.emplace_back([&, w] {
      for (std::size_t i; (i = next.fetch_add(1)) < count;) fn(i, w);
    });
  }
}

}  // namespace hookagent::scan
