#pragma once
// HDF5's shuffle filter undone: the filter stores byte 0 of every element, then byte 1 of every
// element, and so on (H5Zshuffle.c). Shared by the two chunk readers (ChunkedDoubles.cpp, through
// the library's chunk interface, and Hdf5ImageData.cpp, from a file held in memory).

#include <cstddef>
#include <cstdint>

namespace holdfast::store {

/// Element i (of `size` bytes) rebuilt from planes[b * stride + i], for i < n, into out
/// (n * size bytes). 8-byte elements take an SSE2 path (the scalar loop was 7 % of a batch).
void unshuffle(const std::uint8_t* planes, std::size_t size, std::size_t stride, std::size_t n,
               std::uint8_t* out);

}  // namespace holdfast::store
