#pragma once
// Which vector instructions this processor runs, for the few loops that are also compiled for
// x86-64-v3 (AVX2, FMA) and x86-64-v4 (AVX-512) and chosen once at run time: one binary for
// every x86-64 machine, as Debian builds it. Internal to analysis/.
//
// A path for a wider instruction set must give the same bits as the baseline path (the tests
// run every path the processor has against it, also under ASan, so that the wide paths' loads
// and stores are checked too). Not in the TSan build, whose analysis runs no test. A build whose
// own target already has AVX2 or AVX-512 (-march=x86-64-v3 or higher) gets no attribute for
// what it has: a function for a lower target cannot inline kernels compiled for a higher one.

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_THREAD__)
#define HOLDFAST_WIDE_TARGETS 1
#else
#define HOLDFAST_WIDE_TARGETS 0
#endif
#if HOLDFAST_WIDE_TARGETS && !defined(__AVX2__)
#define HOLDFAST_TARGET_V3 __attribute__((target("arch=x86-64-v3")))
#else
#define HOLDFAST_TARGET_V3
#endif
#if HOLDFAST_WIDE_TARGETS && !defined(__AVX512F__)
#define HOLDFAST_TARGET_V4 __attribute__((target("arch=x86-64-v4")))
#else
#define HOLDFAST_TARGET_V4
#endif

namespace holdfast::analysis::detail {

/// The instruction sets the wide loops are compiled for, in order.
enum class InstructionSet { Baseline, X86_64_V3, X86_64_V4 };

/// The best this processor runs (Baseline in the TSan build and off x86-64), decided once.
InstructionSet bestInstructionSet();

/// Runs the kernel for `isa`, or for the best this processor runs if that is lower: v4(), v3()
/// or baseline(). Without the wide targets (the TSan build, other compilers) always baseline().
template <class Baseline, class V3, class V4>
[[gnu::always_inline]] inline auto onInstructionSet(InstructionSet isa, Baseline&& baseline,
                                                    V3&& v3, V4&& v4) {
#if HOLDFAST_WIDE_TARGETS
  switch (isa < bestInstructionSet() ? isa : bestInstructionSet()) {
    case InstructionSet::X86_64_V4:
      return v4();
    case InstructionSet::X86_64_V3:
      return v3();
    case InstructionSet::Baseline:
      break;
  }
#else
  (void)isa;
  (void)v3;
  (void)v4;
#endif
  return baseline();
}

}  // namespace holdfast::analysis::detail
