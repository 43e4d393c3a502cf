#pragma once
// Numbers as each processor stores them (C3D user guide, "Processor types"): 16-bit integers
// little-endian (Intel, DEC) or big-endian (MIPS); floats IEEE 754 (Intel little-endian, MIPS
// big-endian) or VAX F (DEC). A VAX F float is stored as two little-endian 16-bit words, the
// one with sign and exponent first; swapping the words gives IEEE's bit layout, whose value is
// then 4 times the VAX value (VAX's exponent bias is 128 and its mantissa 0.1f, not 1.f).

#include <bit>
#include <cstdint>
#include <cstring>

#include "holdfast/c3d/C3dFile.h"

namespace holdfast::c3d::detail {

inline std::uint16_t u16(const std::uint8_t* p, Processor proc) {
  return proc == Processor::Mips ? static_cast<std::uint16_t>(p[0] << 8 | p[1])
                                 : static_cast<std::uint16_t>(p[1] << 8 | p[0]);
}

inline std::int16_t i16(const std::uint8_t* p, Processor proc) {
  return static_cast<std::int16_t>(u16(p, proc));
}

inline float f32(const std::uint8_t* p, Processor proc) {
  std::uint32_t bits = 0;
  switch (proc) {
    case Processor::Intel:
      bits = std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
             std::uint32_t(p[3]) << 24;
      return std::bit_cast<float>(bits);
    case Processor::Mips:
      bits = std::uint32_t(p[3]) | std::uint32_t(p[2]) << 8 | std::uint32_t(p[1]) << 16 |
             std::uint32_t(p[0]) << 24;
      return std::bit_cast<float>(bits);
    case Processor::Dec:
      bits = std::uint32_t(p[2]) | std::uint32_t(p[3]) << 8 | std::uint32_t(p[0]) << 16 |
             std::uint32_t(p[1]) << 24;
      return std::bit_cast<float>(bits) / 4.0f;
  }
  return 0.0f;
}

inline void putU16(std::uint8_t* p, std::uint16_t v, Processor proc) {
  if (proc == Processor::Mips) {
    p[0] = static_cast<std::uint8_t>(v >> 8);
    p[1] = static_cast<std::uint8_t>(v);
  } else {
    p[0] = static_cast<std::uint8_t>(v);
    p[1] = static_cast<std::uint8_t>(v >> 8);
  }
}

inline void putI16(std::uint8_t* p, std::int16_t v, Processor proc) {
  putU16(p, static_cast<std::uint16_t>(v), proc);
}

inline void putF32(std::uint8_t* p, float v, Processor proc) {
  if (proc == Processor::Dec) v *= 4.0f;  // VAX F: the inverse of f32 above
  const auto bits = std::bit_cast<std::uint32_t>(v);
  const std::uint8_t b[4] = {static_cast<std::uint8_t>(bits), static_cast<std::uint8_t>(bits >> 8),
                             static_cast<std::uint8_t>(bits >> 16),
                             static_cast<std::uint8_t>(bits >> 24)};
  switch (proc) {
    case Processor::Intel:
      std::memcpy(p, b, 4);
      break;
    case Processor::Mips:
      p[0] = b[3], p[1] = b[2], p[2] = b[1], p[3] = b[0];
      break;
    case Processor::Dec:
      p[0] = b[2], p[1] = b[3], p[2] = b[0], p[3] = b[1];
      break;
  }
}

}  // namespace holdfast::c3d::detail
