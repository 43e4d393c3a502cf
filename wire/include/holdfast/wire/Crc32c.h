#pragma once
// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, init and final XOR 0xFFFFFFFF), the
// checksum of the Holdfast binary frame. Chosen because x86-64 (SSE 4.2) and ARMv8 compute it
// in hardware, which keeps full validation above 2 GB/s, and small MCUs do it in a few lines.
// Check value: crc32c("123456789") == 0xE3069283 (RFC 3720, appendix B.4).

#include <cstddef>
#include <cstdint>

namespace holdfast::wire {

[[nodiscard]] std::uint32_t crc32c(const void* data, std::size_t size);

/// The portable table-driven version, for tests and machines without the instruction.
[[nodiscard]] std::uint32_t crc32cPortable(const void* data, std::size_t size);

}  // namespace holdfast::wire
