#pragma once
// Reading a session's float64 datasets chunk by chunk, the compressed bytes inflated by
// libdeflate instead of HDF5's filter pipeline (zlib). Inflating was a third of the time of
// `holdfast batch` (perf, issue 28), and HDF5 1.10 does not let a program replace its built-in
// deflate filter (H5Zregister refuses filter 1). Only the layouts Holdfast writes for exact
// values are read this way: little-endian float64, deflate alone or shuffle then deflate, chunks
// of whole column segments (N x 1 or 1-D); anything else (scale-offset, another filter, a chunk
// stored unfiltered) returns false and the caller reads it with H5Dread, as before.

#include <H5Cpp.h>

#include <vector>

namespace holdfast::store {

/// Fills cols[c][i] with the dataset's values (1-D: one column). False when the dataset is not
/// of a layout read here, or a chunk does not inflate to its size: nothing is then assumed.
[[nodiscard]] bool readChunkedDoubles(const H5::DataSet& ds,
                                      std::vector<std::vector<double>>& cols);

}  // namespace holdfast::store
