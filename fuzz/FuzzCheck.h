#pragma once
// The fuzz targets' invariant check: says which invariant failed and where, then aborts, so
// libFuzzer saves the input as a crash.
#include <cstdio>
#include <cstdlib>

#define check(condition)                                                                          \
  ((condition)                                                                                    \
       ? (void)0                                                                                  \
       : (std::fprintf(stderr, "invariant failed: %s (%s:%d)\n", #condition, __FILE__, __LINE__), \
          std::abort()))
