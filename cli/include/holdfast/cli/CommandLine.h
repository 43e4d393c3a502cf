#pragma once
// The command line of both programs, parsed by CLI11: every option is declared once with its
// help text, so that `--help` is generated from the same declarations, `--` ends the options,
// and anything undeclared is an error with one line of text (exit code 2). The typed accessors
// (number, integer, choice) check ranges and name the option at fault.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "holdfast/wire/InputError.h"

namespace holdfast::cli {

/// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  ///< the work failed: device, disk, analysis
inline constexpr int kExitUsage = 2;    ///< bad command line or bad input file

/// A bad command line or bad input file: exit code 2. The same type as the libraries' InputError,
/// so a bad test definition or criteria file is reported like a bad option.
using UsageError = wire::InputError;

class ParsedArgs;

class CommandSpec {
 public:
  CommandSpec(std::string name, std::string summary, std::string usage);

  CommandSpec& option(std::string name, std::string value_name, std::string help);
  CommandSpec& flag(std::string name, std::string help);
  CommandSpec& positionals(std::string name, std::string help, std::size_t min, std::size_t max);
  CommandSpec& note(std::string text);  ///< a paragraph after the options
  /// How a user runs this command ("holdfast NAME" unless set), named in error messages.
  CommandSpec& invokedAs(std::string command);

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::string& summary() const { return summary_; }
  [[nodiscard]] std::string helpText() const;
  /// Throws UsageError. `--help` anywhere gives a ParsedArgs whose help() is true.
  [[nodiscard]] ParsedArgs parse(std::span<const std::string> args) const;

 private:
  struct Option {
    std::string name;
    std::string value_name;  ///< empty for a flag
    std::string help;
  };
  std::string name_, summary_, usage_, invoked_as_;
  std::vector<Option> options_;
  std::string positional_name_, positional_help_;
  std::size_t positional_min_ = 0, positional_max_ = 0;
  std::vector<std::string> notes_;
  struct Cli;
  [[nodiscard]] std::unique_ptr<Cli> build() const;
  friend class ParsedArgs;
};

class ParsedArgs {
 public:
  [[nodiscard]] bool help() const { return help_; }
  [[nodiscard]] bool flag(const std::string& name) const;
  [[nodiscard]] std::optional<std::string> value(const std::string& name) const;
  [[nodiscard]] std::string required(const std::string& name) const;
  /// A number in [min, max]; UsageError names the option and what it got.
  [[nodiscard]] std::optional<double> number(const std::string& name, double min, double max) const;
  [[nodiscard]] std::optional<std::int64_t> integer(const std::string& name, std::int64_t min,
                                                    std::int64_t max) const;
  /// One of `choices`, or `fallback` when absent.
  [[nodiscard]] std::string choice(const std::string& name, const std::vector<std::string>& choices,
                                   const std::string& fallback) const;
  [[nodiscard]] const std::vector<std::string>& positionals() const { return positionals_; }

 private:
  friend class CommandSpec;
  bool help_ = false;
  std::vector<std::pair<std::string, std::string>> values_;
  std::vector<std::string> flags_;
  std::vector<std::string> positionals_;
};

}  // namespace holdfast::cli
