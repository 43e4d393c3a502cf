#include "holdfast/cli/MemoryPolicy.h"

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

// The sanitizers' runtimes replace operator new themselves and check that what it gave is freed
// by operator delete: a replacement here would make every delete a reported mismatch.
#if defined(__linux__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define HOLDFAST_HUGE_PAGE_NEW 1
#endif

namespace holdfast::cli {
namespace {

/// Set by applyProgramMemoryPolicy: before it (static initialisation) operator new only mallocs.
std::atomic<bool> advise_large_blocks{false};

}  // namespace

// Outside the unnamed namespace, for operator new below (at global scope).
bool largeBlocksAdvised();
bool largeBlocksAdvised() { return advise_large_blocks.load(std::memory_order_relaxed); }

void applyProgramMemoryPolicy() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(kMmapThresholdBytes));
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(kTrimThresholdBytes));
#endif
  advise_large_blocks.store(true, std::memory_order_relaxed);
}

bool adviseHugePagesForLargeBlocks() {
#if defined(HOLDFAST_HUGE_PAGE_NEW)
  return true;
#else
  return false;
#endif
}

}  // namespace holdfast::cli

#if defined(HOLDFAST_HUGE_PAGE_NEW)

namespace {

/// Advises the whole pages inside [block, block + bytes) for huge pages, as numpy does for its
/// arrays. The kernel backs each 2 MiB-aligned stretch of them with one page; a failure (a kernel
/// without THP) leaves ordinary pages, which is only slower.
void adviseHugePages(void* block, std::size_t bytes) {
  static const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto begin = (reinterpret_cast<std::uintptr_t>(block) + page - 1) / page * page;
  const auto end = (reinterpret_cast<std::uintptr_t>(block) + bytes) / page * page;
  if (end > begin) (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
}

}  // namespace

// The replaceable global operator new ([new.delete.single]): malloc, with the new-handler loop the
// standard asks for. libstdc++'s array and nothrow forms call this one, and its operator delete
// calls free, so every form stays paired.
void* operator new(std::size_t bytes) {
  if (bytes == 0) bytes = 1;
  void* block = nullptr;
  while ((block = std::malloc(bytes)) == nullptr) {
    const std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
  if (bytes >= holdfast::cli::kHugePageAdviceBytes && holdfast::cli::largeBlocksAdvised())
    adviseHugePages(block, bytes);
  return block;
}

#endif
