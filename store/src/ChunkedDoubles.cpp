#include "ChunkedDoubles.h"

#include <libdeflate.h>

#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>

#include "ByteShuffle.h"

namespace holdfast::store {

namespace {

struct Decompressor {
  libdeflate_decompressor* d = libdeflate_alloc_decompressor();
  ~Decompressor() { libdeflate_free_decompressor(d); }
};

/// The filters of the dataset, in pipeline order, if they are deflate alone or shuffle then
/// deflate; `shuffled` says which.
bool deflateLayout(const H5::DSetCreatPropList& dcpl, bool& shuffled) {
  if (dcpl.getLayout() != H5D_CHUNKED) return false;
  const int n = H5Pget_nfilters(dcpl.getId());
  std::vector<H5Z_filter_t> ids;
  for (int i = 0; i < n; ++i) {
    unsigned flags = 0, config = 0;
    std::size_t cd_n = 8;
    unsigned cd[8] = {};
    char name[64];
    ids.push_back(H5Pget_filter2(dcpl.getId(), static_cast<unsigned>(i), &flags, &cd_n, cd,
                                 sizeof name, name, &config));
  }
  shuffled = ids.size() == 2 && ids[0] == H5Z_FILTER_SHUFFLE && ids[1] == H5Z_FILTER_DEFLATE;
  return shuffled || (ids.size() == 1 && ids[0] == H5Z_FILTER_DEFLATE);
}

}  // namespace

bool readChunkedDoubles(const H5::DataSet& ds, std::vector<std::vector<double>>& cols) {
  if constexpr (std::endian::native != std::endian::little) return false;
  const H5::DSetCreatPropList dcpl = ds.getCreatePlist();  // once: each copy costs HDF5 work
  bool shuffled = false;
  if (!deflateLayout(dcpl, shuffled)) return false;
  const H5::DataType type = ds.getDataType();
  if (!(type == H5::PredType::IEEE_F64LE)) return false;
  const H5::DataSpace space = ds.getSpace();
  const int rank = space.getSimpleExtentNdims();
  if (rank != 1 && rank != 2) return false;
  hsize_t dims[2] = {0, 1}, chunk[2] = {0, 1};
  space.getSimpleExtentDims(dims);
  if (dcpl.getChunk(rank, chunk) != rank || chunk[0] == 0) return false;
  if (rank == 2 && chunk[1] != 1) return false;  // chunks of whole column segments only
  const hsize_t rows = dims[0], columns = rank == 2 ? dims[1] : 1, per_chunk = chunk[0];
  thread_local Decompressor inflater;
  if (inflater.d == nullptr) return false;
  const std::size_t chunk_bytes = per_chunk * sizeof(double);
  // Buffers kept between datasets; a column grows chunk by chunk (not zeroed first).
  thread_local std::vector<std::uint8_t> compressed;
  thread_local std::vector<double> inflated, plain;
  inflated.resize(per_chunk);
  plain.resize(per_chunk);
  cols.assign(columns, {});
  for (hsize_t c = 0; c < columns; ++c) {
    cols[c].reserve(rows);
    for (hsize_t r0 = 0; r0 < rows; r0 += per_chunk) {
      const hsize_t offset[2] = {r0, c};
      hsize_t stored = 0;
      if (H5Dget_chunk_storage_size(ds.getId(), offset, &stored) < 0 || stored == 0) return false;
      compressed.resize(stored);
      std::uint32_t skipped = 0;
      if (H5Dread_chunk(ds.getId(), H5P_DEFAULT, offset, &skipped, compressed.data()) < 0 ||
          skipped != 0)
        return false;
      std::size_t got = 0;
      if (libdeflate_zlib_decompress(inflater.d, compressed.data(), compressed.size(),
                                     inflated.data(), chunk_bytes, &got) != LIBDEFLATE_SUCCESS ||
          got != chunk_bytes)
        return false;
      const std::size_t n = static_cast<std::size_t>(std::min(per_chunk, rows - r0));
      const double* values = inflated.data();
      if (shuffled) {
        unshuffle(reinterpret_cast<const std::uint8_t*>(inflated.data()), sizeof(double),
                  per_chunk, n, reinterpret_cast<std::uint8_t*>(plain.data()));
        values = plain.data();
      }
      cols[c].insert(cols[c].end(), values, values + n);
    }
  }
  return true;
}

}  // namespace holdfast::store
