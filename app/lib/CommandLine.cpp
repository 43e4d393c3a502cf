#include "CommandLine.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

namespace holdfast::app {

std::optional<double> parseDouble(const std::string& text) {
  double v = 0.0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  if (begin != end && *begin == '+') ++begin;
  const auto [ptr, ec] = std::from_chars(begin, end, v);
  if (ec != std::errc() || ptr != end || text.empty() || !std::isfinite(v)) return std::nullopt;
  return v;
}

CommandSpec::CommandSpec(std::string name, std::string summary, std::string usage)
    : name_(std::move(name)), summary_(std::move(summary)), usage_(std::move(usage)) {
  flag("help", "show this help and exit");
}

CommandSpec& CommandSpec::option(std::string name, std::string value_name, std::string help) {
  options_.push_back({std::move(name), std::move(value_name), std::move(help)});
  return *this;
}

CommandSpec& CommandSpec::flag(std::string name, std::string help) {
  options_.push_back({std::move(name), "", std::move(help)});
  return *this;
}

CommandSpec& CommandSpec::positionals(std::string name, std::string help, std::size_t min,
                                      std::size_t max) {
  positional_name_ = std::move(name);
  positional_help_ = std::move(help);
  positional_min_ = min;
  positional_max_ = max;
  return *this;
}

CommandSpec& CommandSpec::note(std::string text) {
  notes_.push_back(std::move(text));
  return *this;
}

std::string CommandSpec::helpText() const {
  std::ostringstream out;
  out << "Usage: " << usage_ << "\n\n" << summary_ << "\n";
  if (!positional_name_.empty()) {
    out << "\nArguments:\n  " << positional_name_ << "\n      " << positional_help_ << "\n";
  }
  out << "\nOptions:\n";
  for (const auto& o : options_) {
    out << "  --" << o.name;
    if (!o.value_name.empty()) out << " " << o.value_name;
    out << "\n      " << o.help << "\n";
  }
  for (const auto& n : notes_) out << "\n" << n << "\n";
  return out.str();
}

ParsedArgs CommandSpec::parse(std::span<const std::string> args) const {
  ParsedArgs parsed;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() > 2 && a.rfind("--", 0) == 0) {
      std::string name = a.substr(2);
      std::optional<std::string> inline_value;
      if (const auto eq = name.find('='); eq != std::string::npos) {
        inline_value = name.substr(eq + 1);
        name = name.substr(0, eq);
      }
      const auto it = std::find_if(options_.begin(), options_.end(),
                                   [&](const Option& o) { return o.name == name; });
      if (it == options_.end()) {
        throw UsageError("unknown option --" + name + " for '" + name_ + "' (see holdfast " +
                         name_ + " --help)");
      }
      if (name == "help") {
        parsed.help_ = true;
        return parsed;
      }
      const auto seen = [&](const std::string& n) {
        return std::find(parsed.flags_.begin(), parsed.flags_.end(), n) != parsed.flags_.end() ||
               std::any_of(parsed.values_.begin(), parsed.values_.end(),
                           [&](const auto& kv) { return kv.first == n; });
      };
      if (seen(name)) throw UsageError("option --" + name + " is given twice");
      if (it->value_name.empty()) {
        if (inline_value) throw UsageError("option --" + name + " takes no value");
        parsed.flags_.push_back(name);
      } else {
        if (!inline_value) {
          if (i + 1 >= args.size())
            throw UsageError("option --" + name + " needs a value (" + it->value_name + ")");
          inline_value = args[++i];
        }
        parsed.values_.emplace_back(name, *inline_value);
      }
    } else if (a.size() > 1 && a[0] == '-' && !parseDouble(a)) {
      throw UsageError("unknown option " + a + " for '" + name_ + "' (options start with --)");
    } else {
      parsed.positionals_.push_back(a);
    }
  }
  if (parsed.positionals_.size() < positional_min_) {
    throw UsageError("'" + name_ + "' needs " +
                     (positional_name_.empty() ? "an argument" : positional_name_));
  }
  if (parsed.positionals_.size() > positional_max_) {
    throw UsageError("unexpected argument '" + parsed.positionals_[positional_max_] + "' for '" +
                     name_ + "'");
  }
  return parsed;
}

bool ParsedArgs::flag(const std::string& name) const {
  return std::find(flags_.begin(), flags_.end(), name) != flags_.end();
}

std::optional<std::string> ParsedArgs::value(const std::string& name) const {
  for (const auto& [k, v] : values_) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::string ParsedArgs::required(const std::string& name) const {
  auto v = value(name);
  if (!v || v->empty()) throw UsageError("option --" + name + " is required");
  return *v;
}

std::optional<double> ParsedArgs::number(const std::string& name, double min, double max) const {
  const auto v = value(name);
  if (!v) return std::nullopt;
  const auto d = parseDouble(*v);
  if (!d || *d < min || *d > max) {
    std::ostringstream msg;
    msg << "option --" << name << " expects a number from " << min << " to " << max << ", got '"
        << *v << "'";
    throw UsageError(msg.str());
  }
  return d;
}

std::optional<std::int64_t> ParsedArgs::integer(const std::string& name, std::int64_t min,
                                                std::int64_t max) const {
  const auto v = value(name);
  if (!v) return std::nullopt;
  std::int64_t n = 0;
  const auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || ptr != v->data() + v->size() || n < min || n > max) {
    throw UsageError("option --" + name + " expects a whole number from " + std::to_string(min) +
                     " to " + std::to_string(max) + ", got '" + *v + "'");
  }
  return n;
}

std::string ParsedArgs::choice(const std::string& name, const std::vector<std::string>& choices,
                               const std::string& fallback) const {
  const auto v = value(name);
  if (!v) return fallback;
  if (std::find(choices.begin(), choices.end(), *v) == choices.end()) {
    std::string list;
    for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
    throw UsageError("option --" + name + " must be one of " + list + ", got '" + *v + "'");
  }
  return *v;
}

}  // namespace holdfast::app
