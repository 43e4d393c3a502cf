#include "holdfast/c3d/C3dFile.h"

#include <algorithm>
#include <cctype>

namespace holdfast::c3d {

namespace {

bool sameName(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) ==
                  std::toupper(static_cast<unsigned char>(y));
         });
}

}  // namespace

const char* processorName(Processor p) {
  switch (p) {
    case Processor::Intel:
      return "Intel";
    case Processor::Dec:
      return "DEC";
    case Processor::Mips:
      return "MIPS";
  }
  return "unknown";
}

const Parameter* C3dFile::find(const std::string& group, const std::string& name) const {
  for (const Parameter& p : parameters)
    if (sameName(p.group, group) && sameName(p.name, name)) return &p;
  return nullptr;
}

void C3dFile::set(Parameter p) {
  for (Parameter& q : parameters) {
    if (sameName(q.group, p.group) && sameName(q.name, p.name)) {
      q = std::move(p);
      return;
    }
  }
  parameters.push_back(std::move(p));
}

std::vector<double> C3dFile::numbers(const std::string& group, const std::string& name,
                                     std::vector<double> fallback) const {
  const Parameter* p = find(group, name);
  return p != nullptr && p->type != -1 ? p->numbers : fallback;
}

double C3dFile::number(const std::string& group, const std::string& name, double fallback) const {
  const std::vector<double> v = numbers(group, name);
  return v.empty() ? fallback : v.front();
}

std::vector<std::string> C3dFile::strings(const std::string& group,
                                          const std::string& name) const {
  const Parameter* p = find(group, name);
  return p != nullptr && p->type == -1 ? p->strings : std::vector<std::string>{};
}

Parameter integers(std::string group, std::string name, std::vector<int> dims,
                   std::vector<double> values, std::string description) {
  return {std::move(group), std::move(name), std::move(description), 2, std::move(dims),
          std::move(values), {}};
}

Parameter floats(std::string group, std::string name, std::vector<int> dims,
                 std::vector<double> values, std::string description) {
  return {std::move(group), std::move(name), std::move(description), 4, std::move(dims),
          std::move(values), {}};
}

Parameter text(std::string group, std::string name, std::vector<std::string> values,
               std::string description) {
  std::size_t width = 1;
  for (const std::string& v : values) width = std::max(width, v.size());
  std::vector<int> dims{static_cast<int>(width)};
  if (values.size() != 1) dims.push_back(static_cast<int>(values.size()));
  return {std::move(group), std::move(name), std::move(description), -1, std::move(dims), {},
          std::move(values)};
}

}  // namespace holdfast::c3d
