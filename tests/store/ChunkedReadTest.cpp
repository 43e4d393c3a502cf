// The float64 datasets the store reads chunk by chunk (libdeflate, its own unshuffle) give the
// values HDF5's own pipeline gives, bit for bit: for every layout Holdfast writes (shuffle +
// deflate, deflate alone), for a length that is not a whole number of chunks and for several
// columns; a layout it does not read that way (scale-offset) still reads through HDF5.
#include <gtest/gtest.h>
#include <H5Cpp.h>

#include <bit>
#include <cmath>
#include <filesystem>
#include <limits>
#include <random>

#include "ChunkedDoubles.h"  // store/src: which layouts take the chunk path
#include "holdfast/store/SessionFileReader.h"

namespace fs = std::filesystem;

namespace {

struct Layout {
  const char* name;
  bool shuffle;
  bool scale_offset;
};

/// A Holdfast session file by hand: /trials/trial_001 with time_s and force_n (N x 3) in the
/// given layout, chunks of 4096 rows, 10,000 rows (the last chunk partial).
fs::path forge(const Layout& layout, const std::vector<double>& time,
               const std::vector<std::vector<double>>& force) {
  const fs::path p = fs::temp_directory_path() / (std::string("holdfast-chunked-") + layout.name + ".h5");
  H5::H5File f(p.string(), H5F_ACC_TRUNC);
  const auto attrInt = [](H5::H5Object& o, const char* name, long long v) {
    o.createAttribute(name, H5::PredType::NATIVE_LLONG, H5::DataSpace()).write(H5::PredType::NATIVE_LLONG, &v);
  };
  attrInt(f, "schema_version", 1);
  f.createGroup("session");
  H5::Group trials = f.createGroup("trials");
  H5::Group t = trials.createGroup("trial_001");
  attrInt(t, "trial", 1);
  const hsize_t n = time.size(), c = force.size();
  const auto props = [&](int rank) {
    H5::DSetCreatPropList dcpl;
    const hsize_t chunk[2] = {4096, 1};
    dcpl.setChunk(rank, chunk);
    if (layout.scale_offset) H5Pset_scaleoffset(dcpl.getId(), H5Z_SO_FLOAT_DSCALE, 3);
    if (layout.shuffle) dcpl.setShuffle();
    dcpl.setDeflate(1);
    return dcpl;
  };
  H5::DataSet ts = t.createDataSet("time_s", H5::PredType::IEEE_F64LE, H5::DataSpace(1, &n), props(1));
  ts.write(time.data(), H5::PredType::NATIVE_DOUBLE);
  std::vector<double> rows(n * c);
  for (hsize_t i = 0; i < n; ++i)
    for (hsize_t k = 0; k < c; ++k) rows[i * c + k] = force[k][i];
  const hsize_t dims[2] = {n, c};
  H5::DataSet fs_ = t.createDataSet("force_n", H5::PredType::IEEE_F64LE, H5::DataSpace(2, dims), props(2));
  fs_.write(rows.data(), H5::PredType::NATIVE_DOUBLE);
  return p;
}

TEST(ChunkedRead, EveryLayoutReadsBackBitForBit) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-2000.0, 2000.0);
  const std::size_t n = 10007;  // a last chunk of 1,815: not a whole number of 16-sample blocks
  std::vector<double> time(n);
  std::vector<std::vector<double>> force(3, std::vector<double>(n));
  for (std::size_t i = 0; i < n; ++i) {
    time[i] = static_cast<double>(i) / 1000.0 + 1e-9 * static_cast<double>(i % 7);
    for (auto& col : force) col[i] = u(rng);
  }
  force[1][17] = std::numeric_limits<double>::quiet_NaN();
  force[2][9999] = -0.0;
  for (const Layout& layout : {Layout{"shuffle-deflate", true, false}, Layout{"deflate", false, false},
                               Layout{"scale-offset", false, true}}) {
    SCOPED_TRACE(layout.name);
    const fs::path p = forge(layout, time, force);
    const auto record = holdfast::store::readSessionFile(p);
    ASSERT_EQ(record.trials.size(), 1u);
    const auto& t = record.trials[0];
    ASSERT_EQ(t.time_s.size(), n);
    ASSERT_EQ(t.channels.size(), 3u);
    // What HDF5's own pipeline gives for the same datasets.
    std::vector<double> want_time(n), want_rows(n * 3);
    {
      H5::H5File f(p.string(), H5F_ACC_RDONLY);
      f.openDataSet("/trials/trial_001/time_s").read(want_time.data(), H5::PredType::NATIVE_DOUBLE);
      f.openDataSet("/trials/trial_001/force_n").read(want_rows.data(), H5::PredType::NATIVE_DOUBLE);
    }
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_EQ(std::bit_cast<std::uint64_t>(t.time_s[i]), std::bit_cast<std::uint64_t>(want_time[i])) << i;
      for (std::size_t k = 0; k < 3; ++k)
        ASSERT_EQ(std::bit_cast<std::uint64_t>(t.channels[k][i]),
                  std::bit_cast<std::uint64_t>(want_rows[i * 3 + k]))
            << k << " " << i;
    }
    {
      H5::H5File f(p.string(), H5F_ACC_RDONLY);
      std::vector<std::vector<double>> cols;
      EXPECT_EQ(holdfast::store::readChunkedDoubles(f.openDataSet("/trials/trial_001/force_n"), cols),
                !layout.scale_offset)
          << "the exact layouts are read chunk by chunk, scale-offset through HDF5";
    }
    if (!layout.scale_offset) {  // exact layouts: the values written, NaN and -0 included
      EXPECT_EQ(t.time_s[123], time[123]);
      EXPECT_EQ(t.channels[0][9999], force[0][9999]);
      EXPECT_TRUE(std::isnan(t.channels[1][17]));
      EXPECT_TRUE(std::signbit(t.channels[2][9999]));
    }
    fs::remove(p);
  }
}

}  // namespace
