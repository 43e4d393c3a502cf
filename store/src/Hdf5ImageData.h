#pragma once
// The values of a chunked dataset of a file held in memory (Hdf5Image.h): every chunk found in
// the chunk index, its filters undone in reverse pipeline order (deflate by libdeflate, shuffle,
// scale-offset with decimal scaling as H5Zscaleoffset.c undoes it), the elements put in place.
// Throws Unsupported for what the library should read instead: a chunk that skipped a filter, a
// chunk never written (the library would give the fill value), a type or filter setting outside
// what Holdfast writes.

#include <cstdint>
#include <vector>

#include "Hdf5Image.h"

namespace holdfast::store::h5image {

/// cols[c][i] of a 1-D (one column) or 2-D dataset of float64 or float32 elements.
[[nodiscard]] std::vector<std::vector<double>> readColumns(const File& file, const Dataset& ds);

/// The elements of a 1-D dataset, as stored (little-endian), one after the other.
[[nodiscard]] std::vector<std::uint8_t> readElements(const File& file, const Dataset& ds);

}  // namespace holdfast::store::h5image
