// The lock-free SPSC ring against boost::lockfree::spsc_queue, in the same run: one producer
// thread and one consumer thread moving 16-byte items, one at a time and in bulk (256 a call).
// Each benchmark iteration moves kItems items; Google Benchmark reports items per second.

#include <benchmark/benchmark.h>
#include <pthread.h>
#include <sched.h>

#include <boost/lockfree/spsc_queue.hpp>
#include <cstdint>
#include <cstdlib>
#include <thread>

#include "holdfast/daq/SpscRing.h"

namespace {

struct Item {
  std::uint64_t sequence;
  double value;
};
static_assert(sizeof(Item) == 16);

constexpr std::size_t kCapacity = 1 << 14;
constexpr std::uint64_t kItems = 1 << 22;
constexpr std::size_t kBulk = 256;

/// Pins the calling thread to one CPU (producer on 0, consumer on 1; HOLDFAST_BENCH_NO_PIN=1
/// turns it off): with both threads spinning, the scheduler moving them would measure the
/// scheduler, not the queue. The same for both queues.
void pinTo(int cpu) {
  if (std::getenv("HOLDFAST_BENCH_NO_PIN") != nullptr) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  pthread_setaffinity_np(pthread_self(), sizeof set, &set);
}

/// The two queues behind one face, so that both run exactly the same harness.
struct HoldfastQueue {
  holdfast::daq::SpscRing<Item> ring{kCapacity};
  bool push(const Item& it) { return ring.tryPush(it); }
  bool pop(Item& it) { return ring.tryPop(it); }
  std::size_t push(const Item* items, std::size_t n) { return ring.pushBulk({items, n}); }
  std::size_t pop(Item* items, std::size_t n) { return ring.popBulk({items, n}); }
};

struct BoostQueue {
  boost::lockfree::spsc_queue<Item, boost::lockfree::capacity<kCapacity>> queue;
  bool push(const Item& it) { return queue.push(it); }
  bool pop(Item& it) { return queue.pop(it); }
  std::size_t push(const Item* items, std::size_t n) { return queue.push(items, n); }
  std::size_t pop(Item* items, std::size_t n) { return queue.pop(items, n); }
};

/// Moves kItems sequence-numbered items from this thread to a consumer thread, one at a time
/// or kBulk per call; the consumer checks the order.
template <typename Queue, bool kInBulk>
void transfer(benchmark::State& state) {
  Queue q;
  pinTo(0);
  for (auto _ : state) {
    std::uint64_t errors = 0;
    std::thread consumer([&] {
      pinTo(1);
      Item batch[kBulk];
      for (std::uint64_t expected = 0; expected < kItems;) {
        const std::size_t n = kInBulk ? q.pop(batch, kBulk) : (q.pop(batch[0]) ? 1 : 0);
        for (std::size_t k = 0; k < n; ++k) errors += batch[k].sequence != expected + k;
        expected += n;
      }
    });
    if constexpr (kInBulk) {
      Item batch[kBulk];
      for (std::uint64_t i = 0; i < kItems; i += kBulk) {
        for (std::size_t k = 0; k < kBulk; ++k) batch[k] = Item{i + k, 1.0};
        for (std::size_t done = 0; done < kBulk;) done += q.push(batch + done, kBulk - done);
      }
    } else {
      for (std::uint64_t i = 0; i < kItems; ++i) {
        while (!q.push(Item{i, 1.0})) {
        }
      }
    }
    consumer.join();
    if (errors != 0) state.SkipWithError("items out of order");
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kItems));
}

void BM_HoldfastRingSingle(benchmark::State& state) { transfer<HoldfastQueue, false>(state); }
void BM_BoostSpscSingle(benchmark::State& state) { transfer<BoostQueue, false>(state); }
void BM_HoldfastRingBulk(benchmark::State& state) { transfer<HoldfastQueue, true>(state); }
void BM_BoostSpscBulk(benchmark::State& state) { transfer<BoostQueue, true>(state); }

}  // namespace

BENCHMARK(BM_HoldfastRingSingle)->UseRealTime()->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_BoostSpscSingle)->UseRealTime()->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_HoldfastRingBulk)->UseRealTime()->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_BoostSpscBulk)->UseRealTime()->Unit(benchmark::kMillisecond)->MinTime(1.0);

BENCHMARK_MAIN();
