#pragma once
// How the holdfast process keeps memory it freed: for the next recording, not for the OS.
//
// An hour of two plates at 1 kHz is arrays of 29 MB. glibc gives such blocks back to the OS when
// they are freed (mmap above a threshold, heap trimming above another), and the next one is
// faulted in again page by page: measured on this project's 2-core VM (perf, issue 30), the page
// faults were 570 of the 745 ms that the sway of an hour took. Blocks up to 32 MiB (glibc's
// largest mmap threshold on 64 bits) therefore come from the heap, and the heap is trimmed only
// above 1 GiB free: a batch over thousands of recordings reuses the same pages. The cost is
// that the process keeps its peak heap until it exits; `holdfast` commands are short-lived.
// The station (long-running, short trials) keeps glibc's defaults.
// Benchmarks run their peers under the same policy (MALLOC_MMAP_THRESHOLD_ and
// MALLOC_TRIM_THRESHOLD_, scripts/bench.sh), so that the ratios compare like with like.

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace holdfast::cli {

inline constexpr long kMmapThresholdBytes = 32L * 1024 * 1024;
inline constexpr long kTrimThresholdBytes = 1024L * 1024 * 1024;

/// Sets the policy above (glibc only; elsewhere the allocator's defaults stay).
inline void keepFreedMemoryForReuse() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(kMmapThresholdBytes));
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(kTrimThresholdBytes));
#endif
}

}  // namespace holdfast::cli
