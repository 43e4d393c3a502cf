#pragma once
// How the holdfast program uses memory: freed blocks kept for the next recording, not given back
// to the OS, and large blocks on transparent huge pages. Linked into the `holdfast` program and
// the analysis benchmarks only (the object library holdfast_memory_policy); the station keeps
// glibc's defaults.
//
// Kept blocks. An hour of two plates at 1 kHz is arrays of 29 MB. glibc gives such blocks back to
// the OS when they are freed (mmap above a threshold, heap trimming above another), and the next
// one is faulted in again page by page: measured on this project's 2-core VM (perf, issue 30),
// the page faults were 570 of the 745 ms that the sway of an hour took. Blocks up to 32 MiB
// (glibc's largest mmap threshold on 64 bits) therefore come from the heap, and the heap is
// trimmed only above 1 GiB free: a batch over thousands of recordings reuses the same pages. The
// cost is that the process keeps its peak heap until it exits; `holdfast` commands are
// short-lived.
//
// Huge pages. Every block of 4 MiB or more that operator new gives out is advised for
// transparent huge pages (madvise MADV_HUGEPAGE), numpy's own rule for its arrays
// (numpy/core/src/multiarray/alloc.c, on by default since numpy 1.19 on Linux). One 2 MiB page
// instead of 512 of 4 kB: 512 times fewer page faults and TLB misses over an hour's columns.
// Measured (docs/performance.md, Analysis): `holdfast analyze` of an hour of two plates,
// 0.22-0.28 -> 0.14-0.17 s; the benchmark's isometric set, 10.9-12.2 -> 10.4-10.5 ms. Before
// this, the numpy peers had huge pages and Holdfast did not. Where the kernel's THP mode is
// "never" the advice does nothing. Sanitizer builds keep their runtime's operator new.
//
// Benchmarks run their peers under the same policy (MALLOC_MMAP_THRESHOLD_ and
// MALLOC_TRIM_THRESHOLD_, scripts/bench.sh; numpy advises huge pages itself), so that the ratios
// compare like with like.

#include <cstddef>

namespace holdfast::cli {

inline constexpr long kMmapThresholdBytes = 32L * 1024 * 1024;
inline constexpr long kTrimThresholdBytes = 1024L * 1024 * 1024;
/// Blocks from this size on are advised for huge pages (numpy's threshold).
inline constexpr std::size_t kHugePageAdviceBytes = std::size_t{4} << 20;

/// Sets the policy above for this process: the allocator's thresholds (glibc only) and huge-page
/// advice for the large blocks operator new gives out from now on.
void applyProgramMemoryPolicy();

/// Whether this build's operator new advises large blocks (false in sanitizer builds, whose
/// runtimes bring their own operator new).
[[nodiscard]] bool adviseHugePagesForLargeBlocks();

}  // namespace holdfast::cli
