#pragma once
// A C3D file in memory: the parameters (groups POINT, ANALOG, FORCE_PLATFORM, ...) and the
// analog channels in real units. Read and written by hand from the C3D user guide (c3d.org,
// "The C3D File Format User Guide", Motion Lab Systems; ezc3d carries it as
// doc/c3dformat_ug.pdf): Debian 12 packages no C3D library, and the part Holdfast needs (a
// header block, the parameter section, analog data) is a few hundred lines. Pure: bytes in,
// bytes out; no file I/O.
//
// What is kept of a file: every parameter as stored, the frame rate, the first frame and the
// analog samples. 3-D points are skipped on reading (a force-plate station has none) and written
// as none (POINT:USED = 0).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace holdfast::c3d {

/// The processor a file was written on (parameter section header, byte 4): the byte order and
/// float format of every number in the file.
enum class Processor : std::uint8_t {
  Intel = 84,  ///< little-endian, IEEE floats
  Dec = 85,    ///< little-endian integers, VAX F floats
  Mips = 86,   ///< big-endian (SGI/MIPS), IEEE floats
};

/// "Intel", "DEC", "MIPS".
[[nodiscard]] const char* processorName(Processor p);

/// A file that is not C3D or is damaged: the message says where.
class C3dError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One parameter. `type`: -1 characters, 1 byte, 2 16-bit integer, 4 float. Numbers are kept as
/// doubles; characters as strings, one per element of the first dimension's columns (a 2-D
/// character array LABELS(8, n) is n strings of 8 characters, trailing blanks removed).
struct Parameter {
  std::string group;
  std::string name;
  std::string description;
  int type = 2;
  std::vector<int> dims;  ///< empty: a scalar
  std::vector<double> numbers;
  std::vector<std::string> strings;
};

struct C3dFile {
  Processor processor = Processor::Intel;
  double frame_rate_hz = 0.0;      ///< the 3-D frame rate (header words 11-12)
  int analog_per_frame = 1;        ///< analog samples per 3-D frame
  std::uint32_t first_frame = 1;   ///< header word 4
  std::size_t frames = 0;          ///< 3-D frames held
  bool integer_data = false;       ///< 16-bit integers (scale > 0) instead of floats
  double point_scale = -1.0;       ///< POINT:SCALE (negative: float data)
  std::vector<Parameter> parameters;
  /// analog[c][i]: channel c at analog sample i, in the channel's units:
  /// (stored - ANALOG:OFFSET[c]) x ANALOG:SCALE[c] x ANALOG:GEN_SCALE.
  std::vector<std::vector<double>> analog;

  [[nodiscard]] double analogRateHz() const { return frame_rate_hz * analog_per_frame; }
  [[nodiscard]] const Parameter* find(const std::string& group, const std::string& name) const;
  /// Adds or replaces a parameter (group and name compared without case, as C3D does).
  void set(Parameter p);
  /// Numbers of a parameter, or `fallback` when the file has none.
  [[nodiscard]] std::vector<double> numbers(const std::string& group, const std::string& name,
                                            std::vector<double> fallback = {}) const;
  /// The first number of a parameter, or `fallback` when the file has none (absent or empty).
  [[nodiscard]] double number(const std::string& group, const std::string& name,
                              double fallback) const;
  [[nodiscard]] std::vector<std::string> strings(const std::string& group,
                                                 const std::string& name) const;
};

/// Parameters to build a file with.
[[nodiscard]] Parameter integers(std::string group, std::string name, std::vector<int> dims,
                                 std::vector<double> values, std::string description = {});
[[nodiscard]] Parameter floats(std::string group, std::string name, std::vector<int> dims,
                               std::vector<double> values, std::string description = {});
/// A character parameter: one string (dims {length}) or several (dims {width, count}).
[[nodiscard]] Parameter text(std::string group, std::string name, std::vector<std::string> values,
                             std::string description = {});

}  // namespace holdfast::c3d
