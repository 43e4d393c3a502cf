#include "ByteShuffle.h"

#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace holdfast::store {

namespace {

void unshuffle8(const std::uint8_t* planes, std::size_t stride, std::size_t n, std::uint8_t* out) {
  std::size_t i = 0;
#ifdef __SSE2__
  // 16 elements at a time: the 8 x 16 byte block transposed by three rounds of unpacking
  // (bytes, then pairs, then quads), 7 % of a batch in the scalar loop below.
  for (; i + 16 <= n; i += 16) {
    __m128i b[8];
    for (std::size_t k = 0; k < 8; ++k)
      b[k] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(planes + k * stride + i));
    const __m128i t0 = _mm_unpacklo_epi8(b[0], b[1]), t1 = _mm_unpackhi_epi8(b[0], b[1]);
    const __m128i t2 = _mm_unpacklo_epi8(b[2], b[3]), t3 = _mm_unpackhi_epi8(b[2], b[3]);
    const __m128i t4 = _mm_unpacklo_epi8(b[4], b[5]), t5 = _mm_unpackhi_epi8(b[4], b[5]);
    const __m128i t6 = _mm_unpacklo_epi8(b[6], b[7]), t7 = _mm_unpackhi_epi8(b[6], b[7]);
    // Bytes 0-3 (u0-u3) and 4-7 (u4-u7) of elements 0-3, 4-7, 8-11, 12-15.
    const __m128i u0 = _mm_unpacklo_epi16(t0, t2), u1 = _mm_unpackhi_epi16(t0, t2);
    const __m128i u2 = _mm_unpacklo_epi16(t1, t3), u3 = _mm_unpackhi_epi16(t1, t3);
    const __m128i u4 = _mm_unpacklo_epi16(t4, t6), u5 = _mm_unpackhi_epi16(t4, t6);
    const __m128i u6 = _mm_unpacklo_epi16(t5, t7), u7 = _mm_unpackhi_epi16(t5, t7);
    auto* o = reinterpret_cast<__m128i*>(out + 8 * i);
    _mm_storeu_si128(o + 0, _mm_unpacklo_epi32(u0, u4));
    _mm_storeu_si128(o + 1, _mm_unpackhi_epi32(u0, u4));
    _mm_storeu_si128(o + 2, _mm_unpacklo_epi32(u1, u5));
    _mm_storeu_si128(o + 3, _mm_unpackhi_epi32(u1, u5));
    _mm_storeu_si128(o + 4, _mm_unpacklo_epi32(u2, u6));
    _mm_storeu_si128(o + 5, _mm_unpackhi_epi32(u2, u6));
    _mm_storeu_si128(o + 6, _mm_unpacklo_epi32(u3, u7));
    _mm_storeu_si128(o + 7, _mm_unpackhi_epi32(u3, u7));
  }
#endif
  for (; i < n; ++i) {
    std::uint8_t v[8];
    for (std::size_t b = 0; b < 8; ++b) v[b] = planes[b * stride + i];
    std::memcpy(out + 8 * i, v, 8);
  }
}

}  // namespace

void unshuffle(const std::uint8_t* planes, std::size_t size, std::size_t stride, std::size_t n,
               std::uint8_t* out) {
  if (size == 8) return unshuffle8(planes, stride, n, out);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t b = 0; b < size; ++b) out[i * size + b] = planes[b * stride + i];
}

}  // namespace holdfast::store
