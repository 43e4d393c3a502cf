#include "holdfast/cli/CommandLine.h"

#include "holdfast/wire/UnknownName.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include <CLI/CLI.hpp>

#include "holdfast/wire/TextFields.h"

namespace holdfast::cli {

CommandSpec::CommandSpec(std::string name, std::string summary, std::string usage)
    : name_(std::move(name)),
      summary_(std::move(summary)),
      usage_(std::move(usage)),
      invoked_as_("holdfast " + name_) {
  flag("help", "show this help and exit");
}

CommandSpec& CommandSpec::option(std::string name, std::string value_name, std::string help) {
  options_.push_back({std::move(name), std::move(value_name), std::move(help)});
  return *this;
}

CommandSpec& CommandSpec::invokedAs(std::string command) {
  invoked_as_ = std::move(command);
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

namespace {

// CLI11 draws the help; the usage line is the command's own (it says which options go together).
class HelpFormatter : public CLI::Formatter {
 public:
  HelpFormatter(std::string usage, std::string summary)
      : usage_(std::move(usage)), summary_(std::move(summary)) {
    column_width(34);
  }
  std::string make_usage(const CLI::App*, std::string) const override {
    return "Usage: " + usage_ + "\n\n" + summary_ + "\n";
  }
  std::string make_description(const CLI::App*) const override { return ""; }

 private:
  std::string usage_, summary_;
};

}  // namespace

struct CommandSpec::Cli {
  CLI::App app;
  std::vector<std::vector<std::string>> values;  ///< per declared option, every occurrence
  std::vector<std::int64_t> counts;              ///< per declared flag
  std::vector<std::string> positionals;
};

std::unique_ptr<CommandSpec::Cli> CommandSpec::build() const {
  auto cli = std::make_unique<Cli>();
  CLI::App& app = cli->app;
  app.name(invoked_as_);
  app.formatter(std::make_shared<HelpFormatter>(usage_, summary_));
  app.set_help_flag();     // --help is declared below like every other flag
  app.allow_extras(true);  // reported below with the command's own words
  cli->values.resize(options_.size());
  cli->counts.resize(options_.size(), 0);
  for (std::size_t i = 0; i < options_.size(); ++i) {
    const Option& o = options_[i];
    if (o.value_name.empty()) {
      app.add_flag("--" + o.name, cli->counts[i], o.help)->disable_flag_override();
    } else {
      app.add_option("--" + o.name, cli->values[i], o.help)
          ->type_name(o.value_name)
          ->expected(1)
          ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
          ->allow_extra_args(false);
    }
  }
  if (!positional_name_.empty() || positional_max_ > 0) {
    app.add_option(positional_name_.empty() ? "ARGS" : positional_name_, cli->positionals,
                   positional_help_)
        ->type_name("");
  }
  if (!notes_.empty()) {
    std::string footer;
    for (const auto& n : notes_) footer += "\n" + n + "\n";
    app.footer(footer);
  }
  return cli;
}

std::string CommandSpec::helpText() const { return build()->app.help(); }

ParsedArgs CommandSpec::parse(std::span<const std::string> args) const {
  auto cli = build();
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
  try {
    cli->app.parse(reversed);
  } catch (const CLI::ArgumentMismatch& e) {
    // "--out: 1 required FILE.h5 missing" (an option at the end without its value) or
    // "--json was given a disallowed flag override" (a value given to a flag).
    const std::string what = e.what();
    const std::string option = what.substr(0, what.find_first_of(": "));
    for (const Option& o : options_) {
      if ("--" + o.name != option) continue;
      if (!o.value_name.empty())
        throw UsageError("option " + option + " needs a value (" + o.value_name + ")");
      throw UsageError("option " + option + " takes no value");
    }
    throw UsageError(what);
  } catch (const CLI::ParseError& e) {
    throw UsageError(e.what());
  }
  ParsedArgs parsed;
  bool options_ended = false;  // after "--" everything is an argument
  for (const std::string& extra : cli->app.remaining()) {
    if (!options_ended && extra == "--") {
      options_ended = true;
      continue;
    }
    if (options_ended) {
      cli->positionals.push_back(extra);
      continue;
    }
    if (extra.rfind("--", 0) == 0) {
      const std::string typed = extra.substr(0, extra.find('='));
      std::vector<std::string> known;
      for (const Option& o : options_) known.push_back("--" + o.name);
      std::string nearest = wire::didYouMean(typed, known);
      if (!nearest.empty()) nearest = ": " + nearest;
      throw UsageError("unknown option " + typed + " for '" + name_ + "'" + nearest + " (see " +
                       invoked_as_ + " --help)");
    }
    if (extra.size() > 1 && extra[0] == '-') {
      throw UsageError("unknown option " + extra + " for '" + name_ + "' (options start with --)");
    }
    cli->positionals.push_back(extra);
  }
  for (std::size_t i = 0; i < options_.size(); ++i) {
    const Option& o = options_[i];
    const std::size_t given =
        o.value_name.empty() ? static_cast<std::size_t>(cli->counts[i]) : cli->values[i].size();
    if (o.name == "help" && given > 0) {
      parsed.help_ = true;
      return parsed;
    }
    if (given > 1) throw UsageError("option --" + o.name + " is given twice");
    if (given == 0) continue;
    if (o.value_name.empty()) {
      parsed.flags_.push_back(o.name);
    } else {
      parsed.values_.emplace_back(o.name, cli->values[i].front());
    }
  }
  parsed.positionals_ = std::move(cli->positionals);
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
  const auto d = wire::parseNumber(*v);
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
    std::string message = "option --" + name + " must be one of " + list + ", got '" + *v + "'";
    // An unknown name suggests the nearest known ones (wire/UnknownName.h).
    if (const auto near = wire::nearestNames(*v, choices); !near.empty())
      message += ": did you mean " + near.front() + "?";
    throw UsageError(message);
  }
  return *v;
}

}  // namespace holdfast::cli
