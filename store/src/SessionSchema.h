#pragma once
// Names and layouts shared by the writer and the reader (docs/hdf5-schema.md is the reference).

#include <H5Cpp.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

namespace holdfast::store::schema {

inline constexpr const char* kFormat = "holdfast-session";
inline constexpr const char* kSessionGroup = "/session";
inline constexpr const char* kTrialsGroup = "/trials";
inline constexpr hsize_t kSampleChunkRows = 4096;
inline constexpr int kDeflateLevel = 1;  // level 1: 2.3x at ~70 MB/s here; level 6 was 7x slower

inline std::string trialGroupName(int number) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "trial_%03d", number);
  return buf;
}

inline constexpr std::size_t kEventKindLength = 24;
inline constexpr hsize_t kEventChunkRows = 64;
/// The centre of pressure is stored to multiples of 2^-7 mm (0.0078 mm).
inline constexpr int kCopGridBits = 7;

struct EventRow {
  std::int64_t sample_index;
  double host_time_s;
  char kind[kEventKindLength];
  std::int64_t value;
  char* detail;  ///< variable-length UTF-8; files written before 0.9 have no such member
};

/// `with_detail` false: the layout of files that have no detail member (reading them).
inline H5::CompType eventRowType(bool with_detail = true) {
  H5::CompType t(sizeof(EventRow));
  t.insertMember("sample_index", HOFFSET(EventRow, sample_index), H5::PredType::NATIVE_INT64);
  t.insertMember("host_time_s", HOFFSET(EventRow, host_time_s), H5::PredType::NATIVE_DOUBLE);
  t.insertMember("kind", HOFFSET(EventRow, kind),
                 H5::StrType(H5::PredType::C_S1, kEventKindLength));
  t.insertMember("value", HOFFSET(EventRow, value), H5::PredType::NATIVE_INT64);
  if (with_detail) {
    H5::StrType text(H5::PredType::C_S1, H5T_VARIABLE);
    text.setCset(H5T_CSET_UTF8);
    t.insertMember("detail", HOFFSET(EventRow, detail), text);
  }
  return t;
}

}  // namespace holdfast::store::schema
