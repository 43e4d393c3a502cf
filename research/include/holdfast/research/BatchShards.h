#pragma once
// `holdfast batch` beyond one machine: the I-th of N deterministic shards of the sorted file
// list (contiguous blocks, so the shards in order are the list in order), and the merge of the
// shards' tables into the table one run over every file gives, byte for byte. A Slurm job array
// runs one shard per task and a dependent job merges them (docs/scale.md).

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace holdfast::research {

struct Shard {
  std::size_t index = 1;  ///< 1-based
  std::size_t count = 1;
};

/// "I/N" with 1 <= I <= N <= 100000. wire::InputError otherwise.
[[nodiscard]] Shard parseShard(const std::string& text);

/// Files floor((I-1) n / N) to floor(I n / N) - 1 of `sorted` (n files): every file in exactly
/// one shard, the shards in order giving the list in order. May be empty (N > n).
[[nodiscard]] std::vector<std::filesystem::path> shardOf(
    const std::vector<std::filesystem::path>& sorted, Shard shard);

/// Merges shard tables PART.csv (each with its PART-method.json, which names its shard) into
/// `out` and OUT-method.json: rows in shard order, columns in the order a single run gives
/// them. wire::InputError, writing nothing, when a shard is missing or given twice, the parts
/// come from runs of different shard counts or settings, or a part cannot be read. Returns the
/// number of rows.
std::size_t mergeShards(const std::filesystem::path& out,
                        const std::vector<std::filesystem::path>& parts);

}  // namespace holdfast::research
