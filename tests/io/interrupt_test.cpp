// io::InterruptGuard: SIGINT and SIGTERM remove the staging folder, say what the output folder
// kept, and exit 130 / 143. Before it, a signal killed `run` with its "*.tmp-PID" files left
// behind and no message. Each death test runs in a child process; the parent checks the folder.
#include "tankersim/io/interrupt.hpp"
#include "support/files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "tankersim/io/output_set.hpp"

namespace tankersim::io {
namespace {

namespace fs = std::filesystem;
using test::names;
using test::slurp;

fs::path fresh_root() { return test::fresh_root("tankersim_interrupt_"); }

// The whole of standard error, as a regular expression.
std::string exactly(const std::string& text) {
  std::string re(1, '^');  // appended: GCC 12 warns (-Wrestrict) on "^" + string
  re += std::regex_replace(text, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)");
  re += '$';
  return re;
}

void stage_and_raise(const fs::path& dir, int signal_number) {
  OutputSet set(dir.string());
  const InterruptGuard guard;
  set.add("tracks.csv").write(std::string(3 << 20, 'n'));
  set.add("events.csv").write("new\n");
  ::raise(signal_number);
}

TEST(InterruptGuardDeathTest, SigtermWhileStagingRemovesTheFolderAndExits143) {
  const fs::path root = fresh_root();
  const fs::path dir = root / "out";
  EXPECT_EXIT(stage_and_raise(dir, SIGTERM), ::testing::ExitedWithCode(143),
              exactly("tankersim: interrupted (SIGTERM); nothing was written to " + dir.string() + "\n"));
  EXPECT_TRUE(names(root).empty());
  fs::remove_all(root);
}

TEST(InterruptGuardDeathTest, SigintWhileStagingKeepsThePreviousSetAndExits130) {
  const fs::path root = fresh_root();
  const fs::path dir = root / "out";
  {
    OutputSet set(dir.string());
    set.add("tracks.csv").write("old\n");
    set.publish();
  }
  EXPECT_EXIT(stage_and_raise(dir, SIGINT), ::testing::ExitedWithCode(130),
              exactly("tankersim: interrupted (SIGINT); " + dir.string() + " keeps the previous output set\n"));
  EXPECT_EQ(names(root), std::vector<std::string>{"out"});
  EXPECT_EQ(names(dir), (std::vector<std::string>{"manifest.csv", "tracks.csv"}));
  EXPECT_EQ(slurp(dir / "tracks.csv"), "old\n");
  fs::remove_all(root);
}

TEST(InterruptGuardDeathTest, ASignalAfterPublishSaysTheNewSetIsInPlace) {
  const fs::path root = fresh_root();
  const fs::path dir = root / "out";
  auto publish_and_raise = [&] {
    OutputSet set(dir.string());
    const InterruptGuard guard;
    set.add("tracks.csv").write("new\n");
    set.publish();
    ::raise(SIGTERM);
  };
  EXPECT_EXIT(publish_and_raise(), ::testing::ExitedWithCode(143),
              exactly("tankersim: interrupted (SIGTERM); " + dir.string() + " holds the new output set\n"));
  EXPECT_EQ(slurp(dir / "tracks.csv"), "new\n");
  EXPECT_EQ(names(root), std::vector<std::string>{"out"});
  fs::remove_all(root);
}

TEST(InterruptGuardDeathTest, TheFirstSigintOnlyStopsWhenAskedTo) {
  const fs::path root = fresh_root();
  const fs::path dir = root / "out";
  auto stop_then_abandon = [&] {
    OutputSet set(dir.string());
    InterruptGuard guard;
    std::atomic<bool> stop{false};
    guard.stop_on_first_sigint(&stop);
    set.add("runs.csv").write("partial\n");
    ::raise(SIGINT);
    if (!stop.load()) ::_exit(3);
    ::raise(SIGINT);  // the second one exits
    ::_exit(4);
  };
  EXPECT_EXIT(stop_then_abandon(), ::testing::ExitedWithCode(130),
              exactly("tankersim: interrupted (SIGINT); nothing was written to " + dir.string() + "\n"));
  EXPECT_TRUE(names(root).empty());
  fs::remove_all(root);
}

TEST(InterruptGuard, RestoresThePreviousHandlers) {
  struct sigaction before {};
  ::sigaction(SIGTERM, nullptr, &before);
  { const InterruptGuard guard; }
  struct sigaction after {};
  ::sigaction(SIGTERM, nullptr, &after);
  EXPECT_EQ(before.sa_handler, after.sa_handler);
}

}  // namespace
}  // namespace tankersim::io
