#include "holdfast/research/BatchShards.h"

#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>

#include "holdfast/research/TidyTable.h"
#include "holdfast/store/AtomicFile.h"
#include "holdfast/wire/InputError.h"
#include "holdfast/wire/TextFields.h"

namespace holdfast::research {

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw wire::InputError("cannot read " + file.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

fs::path methodFileOf(const fs::path& table) {
  return table.parent_path() / (table.stem().string() + "-method.json");
}

}  // namespace

Shard parseShard(const std::string& text) {
  const auto slash = text.find('/');
  const auto i =
      slash == std::string::npos ? std::nullopt : wire::parseNumber(text.substr(0, slash));
  const auto n =
      slash == std::string::npos ? std::nullopt : wire::parseNumber(text.substr(slash + 1));
  if (!i || !n || *i != static_cast<double>(static_cast<std::size_t>(*i)) ||
      *n != static_cast<double>(static_cast<std::size_t>(*n)) || *i < 1 || *n < 1 || *i > *n ||
      *n > 100000)
    throw wire::InputError("--shard must be I/N with 1 <= I <= N (got '" + text + "')");
  return {static_cast<std::size_t>(*i), static_cast<std::size_t>(*n)};
}

std::vector<fs::path> shardOf(const std::vector<fs::path>& sorted, Shard shard) {
  const std::size_t n = sorted.size();
  const std::size_t from = (shard.index - 1) * n / shard.count;
  const std::size_t to = shard.index * n / shard.count;
  return {sorted.begin() + static_cast<long>(from), sorted.begin() + static_cast<long>(to)};
}

std::size_t mergeShards(const fs::path& out, const std::vector<fs::path>& parts) {
  struct Part {
    fs::path file;
    nlohmann::json method;
  };
  std::map<std::size_t, Part> by_index;
  std::size_t count = 0;
  nlohmann::json overrides;
  for (const fs::path& part : parts) {
    nlohmann::json method;
    try {
      method = nlohmann::json::parse(slurp(methodFileOf(part)));
    } catch (const nlohmann::json::exception& e) {
      throw wire::InputError(methodFileOf(part).string() + ": " + e.what());
    }
    if (!method.contains("shard"))
      throw wire::InputError(part.string() + " is not a shard: its " +
                             methodFileOf(part).filename().string() +
                             " names none (made by batch --shard I/N)");
    const std::size_t index = method["shard"].at("index").get<std::size_t>();
    const std::size_t n = method["shard"].at("count").get<std::size_t>();
    if (count == 0) {
      count = n;
      overrides = method.value("overrides", nlohmann::json::array());
    }
    if (n != count)
      throw wire::InputError(part.string() + " is shard " + std::to_string(index) + " of " +
                             std::to_string(n) + ", the others of " + std::to_string(count));
    if (method.value("overrides", nlohmann::json::array()) != overrides)
      throw wire::InputError(part.string() + " was analysed with other settings than " +
                             by_index.begin()->second.file.string());
    if (!by_index.emplace(index, Part{part, std::move(method)}).second)
      throw wire::InputError("shard " + std::to_string(index) + " of " + std::to_string(count) +
                             " is given twice: " + by_index[index].file.string() + " and " +
                             part.string());
  }
  std::string missing;
  for (std::size_t i = 1; i <= count; ++i)
    if (!by_index.count(i)) missing += (missing.empty() ? "" : ", ") + std::to_string(i);
  if (!missing.empty())
    throw wire::InputError("shard(s) " + missing + " of " + std::to_string(count) +
                           " missing: the merged table would lack their files");

  // Rows in shard order (the sorted file list in order); columns in first-seen order with the
  // error column last, as one run writes them. Methods: each (source, test, method) once, its
  // files in order.
  TidyTable table;
  nlohmann::json methods = nlohmann::json::array();
  for (const auto& [index, part] : by_index) {
    table.append(TidyTable::fromCsv(slurp(part.file)));
    for (const auto& m : part.method.at("methods")) {
      bool found = false;
      for (auto& entry : methods) {
        if (entry["source"] == m["source"] && entry["test"] == m["test"] &&
            entry["method"] == m["method"]) {
          for (const auto& f : m["files"]) entry["files"].push_back(f);
          found = true;
        }
      }
      if (!found) methods.push_back(m);
    }
  }
  table.moveColumnToEnd("error");
  store::writeFileAtomically(out, table.csv());
  const nlohmann::json method_doc = {{"overrides", overrides}, {"methods", methods}};
  store::writeFileAtomically(methodFileOf(out), method_doc.dump(2) + "\n");
  return table.rows();
}

}  // namespace holdfast::research
