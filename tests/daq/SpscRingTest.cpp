#include <gtest/gtest.h>

#include <array>
#include <thread>
#include <vector>

#include "holdfast/daq/SpscRing.h"

using holdfast::daq::SpscRing;

TEST(SpscRing, RejectsCapacityThatIsNotAPowerOfTwo) {
  EXPECT_THROW(SpscRing<int>(3), std::invalid_argument);
  EXPECT_THROW(SpscRing<int>(1), std::invalid_argument);
  EXPECT_NO_THROW(SpscRing<int>(4));
}

TEST(SpscRing, FifoOrderAndFullEmpty) {
  SpscRing<int> ring(4);
  int out = 0;
  EXPECT_FALSE(ring.tryPop(out));
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(ring.tryPush(i));
  EXPECT_FALSE(ring.tryPush(99)) << "a full ring must refuse, never overwrite";
  EXPECT_EQ(ring.sizeApprox(), 4u);
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(ring.tryPop(out));
    EXPECT_EQ(out, i);
  }
  EXPECT_FALSE(ring.tryPop(out));
}

TEST(SpscRing, BulkWrapsAroundTheEnd) {
  SpscRing<int> ring(8);
  std::vector<int> in{1, 2, 3, 4, 5, 6};
  EXPECT_EQ(ring.pushBulk(in), 6u);
  std::array<int, 4> out{};
  EXPECT_EQ(ring.popBulk(out), 4u);
  EXPECT_EQ(out, (std::array<int, 4>{1, 2, 3, 4}));
  // 2 items left at slots 4-5; 6 more wrap past slot 7.
  std::vector<int> more{7, 8, 9, 10, 11, 12, 13};
  EXPECT_EQ(ring.pushBulk(more), 6u) << "only 6 slots were free";
  std::array<int, 16> all{};
  EXPECT_EQ(ring.popBulk(all), 8u);
  for (int i = 0; i < 8; ++i) EXPECT_EQ(all[static_cast<std::size_t>(i)], 5 + i);
}

// Two threads, sequence numbers in, checked in order out: the TSan build runs this too.
TEST(SpscRing, StressTwoThreadsKeepsEverySequenceInOrder) {
  constexpr std::uint64_t kItems = 2'000'000;
  SpscRing<std::uint64_t> ring(1024);
  std::thread producer([&] {
    std::uint64_t next = 0;
    std::array<std::uint64_t, 37> batch{};
    while (next < kItems) {
      if (next % 3 == 0) {
        if (ring.tryPush(next)) ++next;
      } else {
        const std::size_t n = std::min<std::uint64_t>(batch.size(), kItems - next);
        for (std::size_t i = 0; i < n; ++i) batch[i] = next + i;
        next += ring.pushBulk(std::span<const std::uint64_t>(batch.data(), n));
      }
    }
  });
  std::uint64_t expected = 0;
  bool in_order = true;
  std::array<std::uint64_t, 64> out{};
  while (expected < kItems) {
    const std::size_t n = ring.popBulk(out);
    for (std::size_t i = 0; i < n; ++i) in_order &= out[i] == expected++;
  }
  producer.join();
  EXPECT_TRUE(in_order);
  EXPECT_EQ(expected, kItems);
  EXPECT_EQ(ring.sizeApprox(), 0u);
}

// The back-off after a failed try is a number of PAUSEs measured once per process (what one
// PAUSE costs differs tenfold between CPUs): every ring gets the same count, within its clamp,
// and a failed try still leaves the ring as it was.
TEST(SpscRing, BackOffIsMeasuredOnceAndBounded) {
  const std::uint32_t spins = holdfast::daq::detail::backoffSpins();
  EXPECT_GE(spins, 1u);
  EXPECT_LE(spins, 4096u);
  EXPECT_EQ(holdfast::daq::detail::backoffSpins(), spins);
  SpscRing<int> ring(2);
  int out = 0;
  EXPECT_FALSE(ring.tryPop(out));
  EXPECT_TRUE(ring.tryPush(1));
  EXPECT_TRUE(ring.tryPush(2));
  EXPECT_FALSE(ring.tryPush(3));
  EXPECT_EQ(ring.sizeApprox(), 2u);
  EXPECT_TRUE(ring.tryPop(out));
  EXPECT_EQ(out, 1);
}
