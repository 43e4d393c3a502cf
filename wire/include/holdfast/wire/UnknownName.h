#pragma once
// An unknown name is an error that suggests the nearest known ones: "unknown test 'cmjj': did
// you mean cmj?". Nearness is the edit distance (Levenshtein: insertions, deletions and
// substitutions, each 1), with a name that starts with the one typed also counted as near.

#include <string>
#include <vector>

namespace holdfast::wire {

/// The known names nearest to `typed` (at most 3, nearest first; none when nothing is close:
/// a distance over a third of the longer name).
[[nodiscard]] std::vector<std::string> nearestNames(const std::string& typed,
                                                    const std::vector<std::string>& known);

/// "did you mean a, b or c?" with the names nearest to `typed`; empty when none is near.
[[nodiscard]] std::string didYouMean(const std::string& typed,
                                     const std::vector<std::string>& known);

/// "unknown WHAT 'typed': did you mean a or b? (WHATs: all, known, names)"; without a near
/// name, only the list.
[[nodiscard]] std::string unknownNameMessage(const std::string& what, const std::string& typed,
                                             const std::vector<std::string>& known);

}  // namespace holdfast::wire
