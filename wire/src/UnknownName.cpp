#include "holdfast/wire/UnknownName.h"

#include <algorithm>
#include <cctype>
#include <utility>

namespace holdfast::wire {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::vector<std::string> nearestNames(const std::string& typed,
                                      const std::vector<std::string>& known) {
  const std::string t = lower(typed);
  std::vector<std::pair<std::size_t, std::string>> near;
  for (const std::string& k : known) {
    const std::string l = lower(k);
    std::size_t d = editDistance(t, l);
    if (!t.empty() && l.rfind(t, 0) == 0) d = std::min<std::size_t>(d, 1);  // typed a prefix
    const std::size_t limit = std::max<std::size_t>(1, std::max(t.size(), l.size()) / 3);
    if (d <= limit) near.emplace_back(d, k);
  }
  std::stable_sort(near.begin(), near.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < near.size() && i < 3; ++i) out.push_back(near[i].second);
  return out;
}

std::string didYouMean(const std::string& typed, const std::vector<std::string>& known) {
  const std::vector<std::string> near = nearestNames(typed, known);
  if (near.empty()) return {};
  std::string text = "did you mean ";
  for (std::size_t i = 0; i < near.size(); ++i)
    text += (i == 0 ? "" : i + 1 == near.size() ? " or " : ", ") + near[i];
  return text + "?";
}

std::string unknownNameMessage(const std::string& what, const std::string& typed,
                               const std::vector<std::string>& known) {
  std::string text = "unknown " + what + " '" + typed + "'";
  if (const std::string near = didYouMean(typed, known); !near.empty()) text += ": " + near;
  if (known.empty()) return text + " (none are known)";
  text += " (" + what + "s: ";
  for (std::size_t i = 0; i < known.size(); ++i) text += (i ? ", " : "") + known[i];
  return text + ")";
}

}  // namespace holdfast::wire
