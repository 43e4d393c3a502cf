#include "InstructionSet.h"

namespace holdfast::analysis::detail {

InstructionSet bestInstructionSet() {
#if HOLDFAST_WIDE_TARGETS
  static const InstructionSet best = [] {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("x86-64-v4")) return InstructionSet::X86_64_V4;
    if (__builtin_cpu_supports("x86-64-v3")) return InstructionSet::X86_64_V3;
    return InstructionSet::Baseline;
  }();
  return best;
#else
  return InstructionSet::Baseline;
#endif
}

}  // namespace holdfast::analysis::detail
