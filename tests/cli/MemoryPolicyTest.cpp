// The holdfast program's memory policy (cli/MemoryPolicy.h): large blocks from operator new are
// advised for transparent huge pages, as numpy advises its arrays; small ones are left alone.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "holdfast/cli/MemoryPolicy.h"

namespace {

/// The VmFlags of the mapping that holds `address` (/proc/self/smaps), or "" if none does.
std::string vmFlagsAt(const void* address) {
  const auto a = reinterpret_cast<std::uintptr_t>(address);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  while (std::getline(smaps, line)) {
    std::uintptr_t begin = 0, end = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> begin >> dash >> end && dash == '-' &&
        line.find(':') > line.find(' ')) {  // a mapping's first line, not a "Key: value" one
      inside = a >= begin && a < end;
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0) return line + " ";
  }
  return "";
}

bool advisedForHugePages(const void* address) {
  return vmFlagsAt(address).find(" hg ") != std::string::npos;
}

}  // namespace

TEST(MemoryPolicy, LargeBlocksAreAdvisedForHugePagesAndSmallOnesAreNot) {
  if (!holdfast::cli::adviseHugePagesForLargeBlocks())
    GTEST_SKIP() << "a sanitizer build: its runtime's operator new stays, without the advice";
  if (!std::filesystem::exists("/sys/kernel/mm/transparent_hugepage"))
    GTEST_SKIP() << "this kernel has no transparent huge pages";
  holdfast::cli::applyProgramMemoryPolicy();
  // Small first, so that it is not carved out of the large block's pages once those are freed.
  const auto small = std::make_unique<double[]>(64 * 1024);  // 512 kB
  constexpr std::size_t kLarge = 2 * 1024 * 1024;            // 16 MB
  const auto large = std::make_unique<double[]>(kLarge);
  ASSERT_FALSE(vmFlagsAt(large.get() + kLarge / 2).empty()) << "no mapping found in smaps";
  EXPECT_TRUE(advisedForHugePages(large.get() + kLarge / 2));
  EXPECT_TRUE(advisedForHugePages(large.get() + kLarge - 1024));  // the last whole pages too
  EXPECT_FALSE(advisedForHugePages(small.get() + 32 * 1024));
  // Every form of new gives a block that delete frees (the replacement pairs with free).
  auto* nothrow = new (std::nothrow) double[kLarge];
  ASSERT_NE(nothrow, nullptr);
  EXPECT_TRUE(advisedForHugePages(nothrow + kLarge / 2));
  delete[] nothrow;
}
