#include "holdfast/c3d/C3dReader.h"

#include <cmath>
#include <string>

#include "C3dNumbers.h"

namespace holdfast::c3d {

namespace {

using detail::f32;
using detail::i16;
using detail::u16;

constexpr std::size_t kBlock = 512;

/// A bounded cursor: every read checks that the bytes are there.
struct Bytes {
  std::span<const std::uint8_t> all;
  const std::uint8_t* at(std::size_t offset, std::size_t n, const char* what) const {
    if (offset > all.size() || n > all.size() - offset)
      throw C3dError(std::string("the file ends inside ") + what + " (byte " +
                     std::to_string(offset) + ")");
    return all.data() + offset;
  }
};

std::string trimmed(const std::uint8_t* p, std::size_t n) {
  std::string s(reinterpret_cast<const char*>(p), n);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  return s;
}

/// The parameter section (user guide, "The parameter section"): a 4-byte header whose 4th byte
/// names the processor, then records of groups (negative id) and parameters (positive id, the
/// group they belong to), each pointing to the next.
void readParameters(const Bytes& b, std::size_t start, C3dFile& file) {
  const std::uint8_t* head = b.at(start, 4, "the parameter section's header");
  const int proc = head[3];
  if (proc < 84 || proc > 86)
    throw C3dError("processor type " + std::to_string(proc) +
                   " in the parameter header is none of 84 (Intel), 85 (DEC), 86 (MIPS)");
  file.processor = static_cast<Processor>(proc);
  const std::size_t blocks = head[2];
  const std::size_t end = std::min(b.all.size(), start + std::max<std::size_t>(blocks, 1) * kBlock);
  std::vector<std::pair<int, std::string>> groups;
  struct Pending {
    int group;
    Parameter p;
  };
  std::vector<Pending> pending;
  std::size_t pos = start + 4;
  while (pos + 2 <= end) {
    const std::uint8_t* rec = b.at(pos, 2, "a parameter record");
    const int name_len = std::abs(static_cast<std::int8_t>(rec[0]));
    const int id = static_cast<std::int8_t>(rec[1]);
    if (name_len == 0 || id == 0) break;  // the end of the section
    const std::string name = trimmed(b.at(pos + 2, name_len, "a parameter name"), name_len);
    const std::size_t offset_at = pos + 2 + name_len;
    const std::uint16_t next = u16(b.at(offset_at, 2, "a parameter record"), file.processor);
    std::size_t q = offset_at + 2;
    if (id < 0) {
      const std::size_t dlen = *b.at(q, 1, "a group description");
      groups.emplace_back(-id, name);
      (void)b.at(q + 1, dlen, "a group description");
    } else {
      Parameter p;
      p.name = name;
      p.type = static_cast<std::int8_t>(*b.at(q, 1, "a parameter type"));
      if (p.type != -1 && p.type != 1 && p.type != 2 && p.type != 4)
        throw C3dError("parameter " + name + " has data type " + std::to_string(p.type) +
                       " (C3D has -1, 1, 2 and 4)");
      const std::size_t ndims = *b.at(q + 1, 1, "a parameter's dimensions");
      const std::uint8_t* dims = b.at(q + 2, ndims, "a parameter's dimensions");
      std::size_t count = 1;
      for (std::size_t d = 0; d < ndims; ++d) {
        p.dims.push_back(dims[d]);
        count *= dims[d];
      }
      const std::size_t width = static_cast<std::size_t>(std::abs(p.type));
      q += 2 + ndims;
      const std::uint8_t* data = b.at(q, count * width, ("the values of " + name).c_str());
      if (p.type == -1) {
        const std::size_t w = ndims == 0 ? 1 : p.dims[0];
        for (std::size_t k = 0; w > 0 && k < count / w; ++k) p.strings.push_back(trimmed(data + k * w, w));
      } else {
        for (std::size_t k = 0; k < count; ++k) {
          const std::uint8_t* v = data + k * width;
          p.numbers.push_back(p.type == 1   ? static_cast<double>(v[0])
                              : p.type == 2 ? static_cast<double>(i16(v, file.processor))
                                            : static_cast<double>(f32(v, file.processor)));
        }
      }
      q += count * width;
      const std::size_t dlen = *b.at(q, 1, "a parameter description");
      p.description = trimmed(b.at(q + 1, dlen, "a parameter description"), dlen);
      pending.push_back({id, std::move(p)});
    }
    if (next == 0) break;
    pos = offset_at + next;
  }
  for (Pending& item : pending) {
    for (const auto& [gid, gname] : groups)
      if (gid == item.group) item.p.group = gname;
    if (item.p.group.empty()) item.p.group = "GROUP" + std::to_string(item.group);
    file.parameters.push_back(std::move(item.p));
  }
}

/// A count stored in a signed 16-bit parameter that may exceed 32767 (the guide: read as
/// unsigned).
std::size_t unsignedCount(double v) { return static_cast<std::size_t>(v < 0 ? v + 65536 : v); }

}  // namespace

C3dFile readC3d(std::span<const std::uint8_t> bytes) {
  const Bytes b{bytes};
  if (bytes.size() < 2 || bytes[1] != 0x50)
    throw C3dError("not a C3D file (its second byte is not 0x50, the C3D key)");
  const std::uint8_t* header = b.at(0, kBlock, "the header block");
  if (header[0] < 2) throw C3dError("the header names parameter block " + std::to_string(header[0]));
  C3dFile file;
  readParameters(b, (header[0] - 1) * kBlock, file);
  const Processor proc = file.processor;
  const auto word = [&](int n) { return header + 2 * (n - 1); };  // the guide's 1-based words
  const std::size_t points = u16(word(2), proc);
  const std::size_t analog_per_frame_total = u16(word(3), proc);
  file.first_frame = u16(word(4), proc);
  const std::size_t last = u16(word(5), proc);
  file.point_scale = f32(word(7), proc);
  const std::size_t data_block = u16(word(9), proc);
  file.analog_per_frame = u16(word(10), proc);
  file.frame_rate_hz = f32(word(11), proc);
  file.integer_data = file.point_scale > 0;
  if (!(file.frame_rate_hz > 0) || !std::isfinite(file.frame_rate_hz))
    throw C3dError("the header's frame rate is " + std::to_string(file.frame_rate_hz) + " Hz");
  if (data_block < 2) throw C3dError("the header names data block " + std::to_string(data_block));

  file.frames = last >= file.first_frame ? last - file.first_frame + 1 : 0;
  // More than 65535 frames: the header's last frame is capped; POINT:FRAMES or TRIAL holds
  // the count.
  if (const auto end = file.numbers("TRIAL", "ACTUAL_END_FIELD"); end.size() == 2) {
    const std::size_t e = unsignedCount(end[0]) + unsignedCount(end[1]) * 65536;
    if (e >= file.first_frame && e - file.first_frame + 1 > file.frames)
      file.frames = e - file.first_frame + 1;
  } else if (const auto n = file.numbers("POINT", "FRAMES"); n.size() == 1 &&
                                                             unsignedCount(n[0]) > file.frames) {
    file.frames = unsignedCount(n[0]);
  }
  const std::size_t channels =
      file.analog_per_frame > 0 ? analog_per_frame_total / file.analog_per_frame : 0;
  if (const auto used = file.numbers("ANALOG", "USED"); used.size() == 1 &&
                                                        unsignedCount(used[0]) != channels &&
                                                        analog_per_frame_total > 0)
    throw C3dError("ANALOG:USED is " + std::to_string(unsignedCount(used[0])) +
                   " but the header holds " + std::to_string(channels) + " channels");
  const std::size_t width = file.integer_data ? 2 : 4;
  const std::size_t frame_bytes = (points * 4 + analog_per_frame_total) * width;
  const std::size_t data_start = (data_block - 1) * kBlock;
  if (data_start > bytes.size() || (frame_bytes > 0 && file.frames > (bytes.size() - data_start) / frame_bytes))
    throw C3dError("the data section holds fewer than the " + std::to_string(file.frames) +
                   " frames the header states (the file is truncated)");

  std::vector<double> scale = file.numbers("ANALOG", "SCALE");
  std::vector<double> offset = file.numbers("ANALOG", "OFFSET");
  const double gen_scale = file.number("ANALOG", "GEN_SCALE", 1.0);
  const auto format = file.strings("ANALOG", "FORMAT");
  const bool unsigned_analog = !format.empty() && format[0].rfind("UNSIGNED", 0) == 0;
  scale.resize(channels, 1.0);
  offset.resize(channels, 0.0);
  if (unsigned_analog)  // OFFSET is then unsigned too
    for (double& o : offset) o = o < 0 ? o + 65536 : o;
  file.analog.assign(channels, std::vector<double>(file.frames * file.analog_per_frame));
  for (std::size_t f = 0; f < file.frames; ++f) {
    const std::uint8_t* frame = bytes.data() + data_start + f * frame_bytes + points * 4 * width;
    for (std::size_t s = 0; s < static_cast<std::size_t>(file.analog_per_frame); ++s) {
      for (std::size_t c = 0; c < channels; ++c) {
        const std::uint8_t* v = frame + (s * channels + c) * width;
        const double stored = !file.integer_data ? f32(v, proc)
                              : unsigned_analog  ? static_cast<double>(u16(v, proc))
                                                 : static_cast<double>(i16(v, proc));
        file.analog[c][f * file.analog_per_frame + s] = (stored - offset[c]) * scale[c] * gen_scale;
      }
    }
  }
  return file;
}

}  // namespace holdfast::c3d
