#include <gtest/gtest.h>

#include "holdfast/cli/CommandLine.h"

using namespace holdfast::cli;

namespace {
CommandSpec spec() {
  CommandSpec s("demo", "A demo command.", "holdfast demo [options] FILE");
  s.option("rate", "HZ", "samples per second")
      .flag("json", "print JSON")
      .option("side", "S", "limb");
  s.positionals("FILE", "input", 1, 1);
  return s;
}
ParsedArgs parse(std::vector<std::string> args) { return spec().parse(args); }
}  // namespace

TEST(CommandLine, ParsesValuesFlagsAndPositionals) {
  const auto a = parse({"--rate", "1000", "f.h5", "--json", "--side=left"});
  EXPECT_EQ(a.number("rate", 1, 5000), 1000.0);
  EXPECT_TRUE(a.flag("json"));
  EXPECT_EQ(a.choice("side", {"left", "right"}, "left"), "left");
  EXPECT_EQ(a.positionals(), (std::vector<std::string>{"f.h5"}));
}

TEST(CommandLine, HelpWinsAndListsEveryOption) {
  EXPECT_TRUE(parse({"--help"}).help());
  const std::string h = spec().helpText();
  for (const char* o : {"--rate HZ", "--json", "--side S", "--help", "FILE"}) {
    EXPECT_NE(h.find(o), std::string::npos) << o;
  }
}

TEST(CommandLine, RejectsWhatIsNotDeclared) {
  EXPECT_THROW(parse({"f.h5", "--nope"}), UsageError);
  EXPECT_THROW(parse({"f.h5", "-x"}), UsageError);
  EXPECT_THROW(parse({}), UsageError);                    // missing FILE
  EXPECT_THROW(parse({"a", "b"}), UsageError);            // one too many
  EXPECT_THROW(parse({"f.h5", "--rate"}), UsageError);    // value missing
  EXPECT_THROW(parse({"f.h5", "--json=1"}), UsageError);  // a flag takes no value
  EXPECT_THROW(parse({"f.h5", "--json", "--json"}), UsageError);
}

TEST(CommandLine, ValidatesNumbersAndChoices) {
  EXPECT_THROW((void)parse({"f", "--rate", "abc"}).number("rate", 1, 10), UsageError);
  EXPECT_THROW((void)parse({"f", "--rate", "11"}).number("rate", 1, 10), UsageError);
  EXPECT_THROW((void)parse({"f", "--rate", "5x"}).number("rate", 1, 10), UsageError);
  EXPECT_THROW((void)parse({"f", "--rate", "nan"}).number("rate", 1, 10), UsageError);
  EXPECT_THROW((void)parse({"f", "--rate", "2.5"}).integer("rate", 1, 10), UsageError);
  EXPECT_THROW((void)parse({"f", "--side", "middle"}).choice("side", {"left", "right"}, ""),
               UsageError);
  EXPECT_FALSE(parse({"f"}).number("rate", 1, 10));
  EXPECT_THROW((void)parse({"f"}).required("rate"), UsageError);
}

TEST(CommandLine, NegativeNumbersArePositionalsNotOptions) {
  CommandSpec s("n", "", "n X");
  s.positionals("X", "a number", 1, 1);
  EXPECT_EQ(s.parse(std::vector<std::string>{"-3.5"}).positionals().at(0), "-3.5");
}

TEST(CommandLine, DoubleDashEndsTheOptions) {
  const auto a = parse({"--json", "--", "--looks-like-an-option.h5"});
  EXPECT_TRUE(a.flag("json"));
  EXPECT_EQ(a.positionals(), (std::vector<std::string>{"--looks-like-an-option.h5"}));
}

TEST(CommandLine, ErrorsNameTheCommandAsTheUserRunsIt) {
  CommandSpec s("station", "", "holdfast-station");
  s.invokedAs("holdfast-station");
  try {
    (void)s.parse(std::vector<std::string>{"--nope"});
    FAIL() << "accepted --nope";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("see holdfast-station --help"), std::string::npos)
        << e.what();
  }
}
