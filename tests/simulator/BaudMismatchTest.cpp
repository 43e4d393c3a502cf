// The simulator's wrong-baud fault: a UART at the wrong speed, bit by bit.

#include "holdfast/simulator/BaudMismatch.h"

#include <gtest/gtest.h>

#include <random>

using holdfast::simulator::BaudMismatch;

TEST(BaudMismatch, TheRightSpeedPassesEveryByte) {
  std::mt19937 rng(7);
  std::string bytes;
  for (int i = 0; i < 5000; ++i) bytes.push_back(static_cast<char>(rng() & 0xFF));
  BaudMismatch same(1.0);
  EXPECT_EQ(same.receive(bytes), bytes);
  EXPECT_EQ(same.framingErrors(), 0u);
  // Within a UART's tolerance (a 2 % clock error) every byte still arrives.
  BaudMismatch close(1.02);
  EXPECT_EQ(close.receive(bytes), bytes);
}

TEST(BaudMismatch, AStationAt9600ReadingA115200DeviceGetsFewGarbledBytes) {
  std::string csv;
  for (int i = 0; i < 200; ++i) csv += std::to_string(i * 0.001) + ",123.45\r\n";
  BaudMismatch slow(9600.0 / 115200.0);
  const std::string got = slow.receive(csv);
  EXPECT_LT(got.size(), csv.size() / 5);  // the receiver's bits are 12 device bits long
  EXPECT_EQ(got.find("123.45"), std::string::npos);
  BaudMismatch fast(115200.0 / 9600.0);  // and the other way round
  const std::string many = fast.receive(csv);
  EXPECT_EQ(many.find("123.45"), std::string::npos);
  EXPECT_GT(fast.framingErrors() + many.size(), csv.size());
  EXPECT_THROW(BaudMismatch(0.0), std::invalid_argument);
}
