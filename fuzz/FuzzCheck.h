#pragma once
// The fuzz targets' invariant check (upper case: a macro named `check` broke any header
// declaring a method of that name): says which invariant failed and where, then aborts, so
// libFuzzer saves the input as a crash.
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                                     \
  ((condition)                                                                                    \
       ? (void)0                                                                                  \
       : (std::fprintf(stderr, "invariant failed: %s (%s:%d)\n", #condition, __FILE__, __LINE__), \
          std::abort()))
