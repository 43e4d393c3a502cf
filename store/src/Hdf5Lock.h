#pragma once
// One lock around every HDF5 call in the process. Debian 12 builds HDF5 1.10's C library
// thread-safe (one global mutex inside it), but only the C API is covered: the C++ API the
// store is written in is not ("only the C API will be thread safe not the C++ or Fortran APIs",
// an HDF5 developer quoted in conda-forge/hdf5-feedstock#57). The station reads a session on its
// analysis worker while its window may read or mark the same file: the store serialises its own
// entry points, as the C library does its, so that no caller has to know.
//
// It is the innermost lock: a session's file lock (SessionLock), which may wait for another
// writer, is always taken before it and never while it is held. Recursive: an entry point may
// call another (a write checks the schema with the reader's function).

#include <mutex>

namespace holdfast::store::h5 {

[[nodiscard]] inline std::unique_lock<std::recursive_mutex> libraryLock() {
  static std::recursive_mutex library;
  return std::unique_lock<std::recursive_mutex>(library);
}

}  // namespace holdfast::store::h5
