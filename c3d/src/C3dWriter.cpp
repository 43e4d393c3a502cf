#include "holdfast/c3d/C3dWriter.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "C3dNumbers.h"

namespace holdfast::c3d {

namespace {

using detail::putF32;
using detail::putI16;
using detail::putU16;

constexpr std::size_t kBlock = 512;

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

void appendName(std::vector<std::uint8_t>& out, const std::string& name) {
  out.push_back(static_cast<std::uint8_t>(name.size()));
}

/// One parameter record's bytes after its name and next-offset field.
std::vector<std::uint8_t> parameterBody(const Parameter& p, Processor proc) {
  std::vector<std::uint8_t> body;
  body.push_back(static_cast<std::uint8_t>(static_cast<std::int8_t>(p.type)));
  std::vector<int> dims = p.dims;
  if (p.type == -1) {  // width from the longest string, count from the strings
    std::size_t width = 0;
    for (const auto& s : p.strings) width = std::max(width, s.size());
    dims = {static_cast<int>(std::max<std::size_t>(width, 1))};
    if (p.strings.size() != 1) dims.push_back(static_cast<int>(p.strings.size()));
  }
  std::size_t count = 1;
  for (int d : dims) {
    if (d < 0 || d > 255) throw C3dError("parameter " + p.name + " has a dimension over 255");
    count *= static_cast<std::size_t>(d);
  }
  body.push_back(static_cast<std::uint8_t>(dims.size()));
  for (int d : dims) body.push_back(static_cast<std::uint8_t>(d));
  if (p.type == -1) {
    const std::size_t w = static_cast<std::size_t>(dims[0]);
    for (const auto& s : p.strings) {
      std::string padded = s;
      padded.resize(w, ' ');
      body.insert(body.end(), padded.begin(), padded.end());
    }
  } else {
    if (p.numbers.size() != count)
      throw C3dError("parameter " + p.group + ":" + p.name + " has " +
                     std::to_string(p.numbers.size()) + " values for dimensions of " +
                     std::to_string(count));
    for (double v : p.numbers) {
      std::uint8_t b[4];
      if (p.type == 1) {
        body.push_back(static_cast<std::uint8_t>(v));
      } else if (p.type == 2) {
        putI16(b, static_cast<std::int16_t>(std::lround(v > 32767 ? v - 65536 : v)), proc);
        body.insert(body.end(), b, b + 2);
      } else {
        putF32(b, static_cast<float>(v), proc);
        body.insert(body.end(), b, b + 4);
      }
    }
  }
  const std::string desc = p.description.substr(0, 255);
  body.push_back(static_cast<std::uint8_t>(desc.size()));
  body.insert(body.end(), desc.begin(), desc.end());
  return body;
}

std::vector<std::uint8_t> parameterSection(const C3dFile& file, std::size_t* blocks) {
  // Groups numbered in order of first appearance.
  std::vector<std::string> groups;
  for (const Parameter& p : file.parameters)
    if (std::find(groups.begin(), groups.end(), upper(p.group)) == groups.end())
      groups.push_back(upper(p.group));
  std::vector<std::vector<std::uint8_t>> records;
  const auto record = [&](const std::string& name, int id, const std::vector<std::uint8_t>& body) {
    std::vector<std::uint8_t> r;
    const std::string n = upper(name).substr(0, 127);
    appendName(r, n);
    r.push_back(static_cast<std::uint8_t>(static_cast<std::int8_t>(id)));
    r.insert(r.end(), n.begin(), n.end());
    if (body.size() + 2 > 32767) throw C3dError("parameter " + name + " is too large for C3D");
    std::uint8_t off[2];
    putU16(off, static_cast<std::uint16_t>(body.size() + 2), file.processor);
    r.insert(r.end(), off, off + 2);
    r.insert(r.end(), body.begin(), body.end());
    records.push_back(std::move(r));
  };
  for (std::size_t g = 0; g < groups.size(); ++g) {
    record(groups[g], -static_cast<int>(g + 1), {0});
    for (const Parameter& p : file.parameters)
      if (upper(p.group) == groups[g]) record(p.name, static_cast<int>(g + 1), parameterBody(p, file.processor));
  }
  std::vector<std::uint8_t> out = {1, 0x50, 0, static_cast<std::uint8_t>(file.processor)};
  for (std::size_t k = 0; k < records.size(); ++k) {
    if (k + 1 == records.size()) {  // the last record points nowhere
      const std::size_t at = 2 + records[k][0];
      putU16(&records[k][at], 0, file.processor);
    }
    out.insert(out.end(), records[k].begin(), records[k].end());
  }
  out.push_back(0);  // a zero-length name ends the section
  out.push_back(0);
  *blocks = (out.size() + kBlock - 1) / kBlock;
  if (*blocks > 255) throw C3dError("the parameters need more than 255 blocks");
  out[2] = static_cast<std::uint8_t>(*blocks);
  out.resize(*blocks * kBlock, 0);
  return out;
}

}  // namespace

std::vector<std::uint8_t> writeC3d(const C3dFile& given) {
  C3dFile file = given;
  const std::size_t channels = file.analog.size();
  const std::size_t samples = channels ? file.analog[0].size() : 0;
  for (const auto& c : file.analog)
    if (c.size() != samples) throw C3dError("analog channels differ in length");
  const std::size_t per_frame = static_cast<std::size_t>(std::max(1, file.analog_per_frame));
  if (samples % per_frame != 0)
    throw C3dError("analog samples are not a whole number of frames");
  const std::size_t frames = samples / per_frame;
  // Past 65535 frames the header's last frame stays 65535 and TRIAL:ACTUAL_END_FIELD (two
  // 16-bit words) holds the count, as the user guide allows.
  if (frames + file.first_frame - 1 > 0x7fffffffu) throw C3dError("too many frames for C3D");
  if (channels * per_frame > 65535) throw C3dError("too many analog samples per frame");
  const bool int_data = file.integer_data;
  file.set(integers("POINT", "USED", {}, {0}, "3-D points (none: force data only)"));
  file.set(floats("POINT", "SCALE", {}, {int_data ? 1.0 : -1.0}, "negative: float data"));
  file.set(floats("POINT", "RATE", {}, {file.frame_rate_hz}, "frame rate (Hz)"));
  file.set(integers("POINT", "FRAMES", {}, {static_cast<double>(std::min<std::size_t>(frames, 65535))}));
  if (!file.find("POINT", "UNITS")) file.set(text("POINT", "UNITS", {"mm"}));
  const double last = static_cast<double>(file.first_frame + frames - 1);
  file.set(integers("TRIAL", "ACTUAL_START_FIELD", {2}, {static_cast<double>(file.first_frame), 0}));
  file.set(integers("TRIAL", "ACTUAL_END_FIELD", {2},
                    {std::fmod(last, 65536.0), std::floor(last / 65536.0)}));
  file.set(integers("ANALOG", "USED", {}, {static_cast<double>(channels)}));
  file.set(floats("ANALOG", "RATE", {}, {file.frame_rate_hz * static_cast<double>(per_frame)}));
  std::vector<double> scale = file.numbers("ANALOG", "SCALE");
  std::vector<double> offset = file.numbers("ANALOG", "OFFSET");
  scale.resize(channels, 1.0);
  offset.resize(channels, 0.0);
  const double gen_scale = file.number("ANALOG", "GEN_SCALE", 1.0);
  file.set(floats("ANALOG", "SCALE", {static_cast<int>(channels)}, scale));
  file.set(integers("ANALOG", "OFFSET", {static_cast<int>(channels)}, offset));
  file.set(floats("ANALOG", "GEN_SCALE", {}, {gen_scale}));
  for (std::size_t c = 0; c < channels; ++c)
    if (scale[c] == 0.0 || gen_scale == 0.0) throw C3dError("analog channel scale 0");

  // DATA_START depends on the section's length, not its value: lay it out twice.
  file.set(integers("POINT", "DATA_START", {}, {0}));
  std::size_t blocks = 0;
  (void)parameterSection(file, &blocks);
  const std::size_t data_block = 2 + blocks;
  if (data_block > 65535) throw C3dError("the parameter section is too large");
  file.set(integers("POINT", "DATA_START", {}, {static_cast<double>(data_block)}));
  const std::vector<std::uint8_t> section = parameterSection(file, &blocks);

  std::array<std::uint8_t, kBlock> header{};
  const Processor proc = file.processor;
  const auto word = [&](int n) { return header.data() + 2 * (n - 1); };  // the guide's 1-based words
  header[0] = 2;
  header[1] = 0x50;
  putU16(word(2), 0, proc);
  putU16(word(3), static_cast<std::uint16_t>(channels * per_frame), proc);
  putU16(word(4), static_cast<std::uint16_t>(file.first_frame), proc);
  putU16(word(5), static_cast<std::uint16_t>(std::min(last, 65535.0)), proc);
  putU16(word(6), 10, proc);
  putF32(word(7), int_data ? 1.0f : -1.0f, proc);
  putU16(word(9), static_cast<std::uint16_t>(data_block), proc);
  putU16(word(10), static_cast<std::uint16_t>(per_frame), proc);
  putF32(word(11), static_cast<float>(file.frame_rate_hz), proc);
  putU16(word(150), 12345, proc);  // 4-character event labels; no events
  const std::size_t width = int_data ? 2 : 4;
  const std::size_t data_at = kBlock + section.size();
  std::vector<std::uint8_t> out(data_at + samples * channels * width, 0);
  std::copy(header.begin(), header.end(), out.begin());
  std::copy(section.begin(), section.end(), out.begin() + kBlock);
  for (std::size_t i = 0; i < samples; ++i) {
    for (std::size_t c = 0; c < channels; ++c) {
      const double stored = file.analog[c][i] / (scale[c] * gen_scale) + offset[c];
      std::uint8_t* at = out.data() + data_at + (i * channels + c) * width;
      if (!int_data) {
        putF32(at, static_cast<float>(stored), proc);
      } else {
        const double r = std::round(stored);
        if (!(r >= -32768 && r <= 32767))
          throw C3dError("analog channel " + std::to_string(c + 1) + " sample " + std::to_string(i) +
                         " is outside 16-bit integers at its scale");
        putI16(at, static_cast<std::int16_t>(r), proc);
      }
    }
  }
  out.resize((out.size() + kBlock - 1) / kBlock * kBlock, 0);
  return out;
}

}  // namespace holdfast::c3d
