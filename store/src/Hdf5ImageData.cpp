#include "Hdf5ImageData.h"

#include <libdeflate.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <span>

#include "ByteShuffle.h"

namespace holdfast::store::h5image {

namespace {

[[noreturn]] void unsupported(const std::string& what) { throw Unsupported(what); }
[[noreturn]] void damaged(const std::string& what) { throw Damaged(what); }

struct Decompressor {
  libdeflate_decompressor* d = libdeflate_alloc_decompressor();
  ~Decompressor() { libdeflate_free_decompressor(d); }
};

std::uint64_t le(const std::uint8_t* p, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v |= std::uint64_t{p[i]} << (8 * i);
  return v;
}

/// Scale-offset with decimal scaling (H5Z_SO_FLOAT_DSCALE) undone for float64, as the library
/// does it (H5Zscaleoffset.c): a 21-byte header (minbits, the size of the minimum, the minimum's
/// bits), then each value's minbits bits, most significant first, one value after the other;
/// value = integer / 10^D + minimum, or the fill value where the integer is all ones and the
/// dataset has one. Integers and float32 are not written this way by Holdfast: Unsupported.
void undoScaleOffset(const std::vector<std::uint32_t>& cd, std::span<const std::uint8_t> data,
                     std::size_t elements, std::vector<std::uint8_t>& out) {
  if (cd.size() < 8) unsupported("scale-offset parameters");
  const std::uint32_t scale_type = cd[0], nelmts = cd[2], type_class = cd[3], size = cd[4],
                      order = cd[6], fill_defined = cd[7];
  const auto scale_factor = static_cast<std::int32_t>(cd[1]);
  if (scale_type != 0 || type_class != 1 || size != 8 || order != 0 || nelmts != elements)
    unsupported("scale-offset other than decimal scaling of little-endian float64");
  constexpr std::size_t kHeader = 21;
  if (data.size() < kHeader) damaged("a scale-offset chunk shorter than its header");
  const auto minbits = static_cast<std::uint32_t>(le(data.data(), 4));
  const std::size_t min_size = std::min<std::size_t>(8, data[4]);
  const std::uint64_t min_bits = le(data.data() + 5, min_size);
  double minimum = 0.0;
  std::memcpy(&minimum, &min_bits, sizeof minimum);
  out.resize(elements * 8);
  if (minbits == 64) {  // stored as they were: no scaling applied
    if (data.size() < kHeader + out.size()) damaged("a short scale-offset chunk");
    std::memcpy(out.data(), data.data() + kHeader, out.size());
    return;
  }
  if (minbits > 64) damaged("scale-offset bits");
  if (minbits > 0 && (data.size() - kHeader) * 8 < std::uint64_t{minbits} * elements)
    damaged("a short scale-offset chunk");
  double fill = 0.0;
  if (fill_defined == 1) {
    if (cd.size() < 10) unsupported("scale-offset fill value");
    const std::uint64_t fill_bits = std::uint64_t{cd[8]} | std::uint64_t{cd[9]} << 32;
    std::memcpy(&fill, &fill_bits, sizeof fill);
  }
  const double scale = std::pow(10.0, static_cast<double>(scale_factor));
  const std::uint64_t all_ones = minbits == 0 ? 0 : (~std::uint64_t{0} >> (64 - minbits));
  const std::uint8_t* bits = data.data() + kHeader;
  // First the integers, then the values from them in a loop of their own: the division (10^D,
  // as the library divides, for its bits) was most of the time when each waited on the bits.
  thread_local std::vector<std::uint64_t> integers;
  integers.resize(elements);
  if (minbits <= 56) {
    // Whole bytes into a 64-bit reservoir, each value taken from its top: the bytes each value
    // needs and no more (a bit at a time, with the division, was a quarter of `holdfast
    // analyze` of an imported hour).
    std::uint64_t reservoir = 0;
    unsigned held = 0;  // bits in the reservoir not yet taken, at most minbits + 7 <= 63
    std::size_t byte = 0;
    for (std::size_t i = 0; i < elements; ++i) {
      while (held < minbits) {
        reservoir = (reservoir << 8) | bits[byte++];
        held += 8;
      }
      held -= minbits;
      integers[i] = (reservoir >> held) & all_ones;
    }
  } else {
    std::size_t byte = 0;
    unsigned used = 0;  // bits of bits[byte] already taken
    for (std::size_t i = 0; i < elements; ++i) {
      std::uint64_t v = 0;
      for (unsigned need = minbits; need > 0;) {
        const unsigned avail = 8 - used, take = std::min(avail, need);
        v = (v << take) | ((bits[byte] >> (avail - take)) & ((1u << take) - 1));
        need -= take;
        used += take;
        if (used == 8) {
          ++byte;
          used = 0;
        }
      }
      integers[i] = v;
    }
  }
  const bool has_fill = fill_defined == 1 && minbits > 0;
  for (std::size_t i = 0; i < elements; ++i) {
    const std::uint64_t v = integers[i];
    const double scaled = static_cast<double>(static_cast<long long>(v)) / scale + minimum;
    const double value = has_fill && v == all_ones ? fill : scaled;
    std::memcpy(out.data() + 8 * i, &value, 8);
  }
}

/// One chunk's elements (the whole chunk, edges included), every filter undone, into `data`.
void decodeChunk(const File& file, const Dataset& ds, const Chunk& chunk, std::size_t elements,
                 std::vector<std::uint8_t>& data) {
  thread_local Decompressor inflater;
  thread_local std::vector<std::uint8_t> scratch;
  const std::size_t element_size = ds.type.size;
  const std::size_t chunk_bytes = elements * element_size;
  // Each filter reads `in` and writes `scratch`, which then becomes `data`: no copy between them.
  std::span<const std::uint8_t> in = file.bytes(chunk.address, chunk.size);
  for (std::size_t f = ds.filters.size(); f-- > 0;) {
    if (chunk.filter_mask & (1u << f)) unsupported("a chunk that skipped a filter");
    const Filter& filter = ds.filters[f];
    if (filter.id == 1) {
      if (inflater.d == nullptr) unsupported("no decompressor");
      scratch.resize(chunk_bytes + 64);
      std::size_t got = 0;
      if (libdeflate_zlib_decompress(inflater.d, in.data(), in.size(), scratch.data(),
                                     scratch.size(), &got) != LIBDEFLATE_SUCCESS)
        damaged("a chunk that does not inflate");
      scratch.resize(got);
    } else if (filter.id == 2) {
      const std::size_t size = filter.client_data.empty() ? element_size : filter.client_data[0];
      if (size != element_size || in.size() != chunk_bytes) unsupported("shuffle parameters");
      scratch.resize(chunk_bytes);
      unshuffle(in.data(), size, elements, elements, scratch.data());
    } else {
      if (ds.type.type_class != Datatype::Class::FloatingPoint)
        unsupported("scale-offset of a type other than float");
      undoScaleOffset(filter.client_data, in, elements, scratch);
    }
    data.swap(scratch);
    in = data;
  }
  if (in.data() != data.data()) data.assign(in.begin(), in.end());
  if (data.size() != chunk_bytes) damaged("a chunk of the wrong size");
}

/// Calls ready() once the index is known to hold each chunk of the extent exactly once (so that
/// the caller allocates no more than the file's chunks can fill), then put(chunk, decoded bytes)
/// for every chunk.
template <class Ready, class Put>
void forEachChunk(const File& file, const Dataset& ds, Ready&& ready, Put&& put) {
  const std::size_t rank = ds.dims.size();
  if (rank < 1 || rank > 2 || ds.chunk_dims.size() != rank) unsupported("dataset rank");
  std::size_t elements = 1;
  std::vector<std::uint64_t> per_dim(rank);
  std::uint64_t expected = 1;
  for (std::size_t d = 0; d < rank; ++d) {
    // Holdfast's chunks are 4,096 rows of at most a few dozen columns (2 MB at 64 columns).
    if (ds.chunk_dims[d] > (std::uint64_t{64} << 20) / elements / std::max<std::size_t>(1, ds.type.size))
      unsupported("a chunk above 64 MB");
    elements *= ds.chunk_dims[d];
    per_dim[d] = (ds.dims[d] + ds.chunk_dims[d] - 1) / ds.chunk_dims[d];
    expected *= per_dim[d];
  }
  const std::vector<Chunk> chunks = file.chunks(ds);
  if (chunks.size() != expected) unsupported("chunks missing from the index");
  ready();
  std::vector<bool> seen(static_cast<std::size_t>(expected), false);
  std::vector<std::uint8_t> data;
  for (const Chunk& chunk : chunks) {
    std::uint64_t at = 0;
    for (std::size_t d = 0; d < rank; ++d) {
      const std::uint64_t o = chunk.offset[d];
      if (o % ds.chunk_dims[d] != 0 || o >= ds.dims[d]) damaged("a chunk out of place");
      at = at * per_dim[d] + o / ds.chunk_dims[d];
    }
    if (seen[static_cast<std::size_t>(at)]) damaged("a chunk indexed twice");
    seen[static_cast<std::size_t>(at)] = true;
    decodeChunk(file, ds, chunk, elements, data);
    put(chunk, data);
  }
}

}  // namespace

std::vector<std::vector<double>> readColumns(const File& file, const Dataset& ds) {
  if (ds.type.type_class != Datatype::Class::FloatingPoint) unsupported("a dataset not of floats");
  const bool f32 = ds.type.size == 4;
  const std::uint64_t rows = ds.dims.empty() ? 0 : ds.dims[0];
  const std::uint64_t columns = ds.dims.size() == 2 ? ds.dims[1] : 1;
  std::vector<std::vector<double>> cols(columns);
  if (rows == 0 || columns == 0) return cols;
  const std::uint64_t chunk_rows = ds.chunk_dims[0];
  const std::uint64_t chunk_cols = ds.dims.size() == 2 ? ds.chunk_dims[1] : 1;
  const auto allocate = [&] {
    for (auto& c : cols) c.resize(rows);
  };
  forEachChunk(file, ds, allocate, [&](const Chunk& chunk, const std::vector<std::uint8_t>& data) {
    const std::uint64_t r0 = chunk.offset[0], c0 = ds.dims.size() == 2 ? chunk.offset[1] : 0;
    const std::uint64_t n = std::min(chunk_rows, rows - r0);
    for (std::uint64_t j = 0; j < chunk_cols && c0 + j < columns; ++j) {
      double* out = cols[c0 + j].data() + r0;
      if (!f32 && chunk_cols == 1) {
        std::memcpy(out, data.data(), n * sizeof(double));
        continue;
      }
      for (std::uint64_t i = 0; i < n; ++i) {
        const std::uint8_t* e = data.data() + (i * chunk_cols + j) * ds.type.size;
        if (f32) {
          float v;
          std::memcpy(&v, e, sizeof v);
          out[i] = v;
        } else {
          std::memcpy(out + i, e, sizeof(double));
        }
      }
    }
  });
  return cols;
}

std::vector<std::uint8_t> readElements(const File& file, const Dataset& ds) {
  if (ds.dims.size() != 1) unsupported("a table that is not 1-D");
  const std::size_t size = ds.type.size;
  std::vector<std::uint8_t> out;
  if (ds.dims[0] == 0 || size == 0) return out;
  const auto allocate = [&] { out.resize(static_cast<std::size_t>(ds.dims[0]) * size); };
  forEachChunk(file, ds, allocate, [&](const Chunk& chunk, const std::vector<std::uint8_t>& data) {
    const std::uint64_t r0 = chunk.offset[0];
    const std::uint64_t n = std::min<std::uint64_t>(ds.chunk_dims[0], ds.dims[0] - r0);
    std::memcpy(out.data() + r0 * size, data.data(), n * size);
  });
  return out;
}

}  // namespace holdfast::store::h5image
