// io::OutputSet: a folder holds the whole new set or the whole previous one, never a mix; nothing
// it did not write is replaced; temporaries are exclusive and removed on every exit path.
#include "tankersim/io/output_set.hpp"
#include "support/files.hpp"

#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace tankersim::io {
namespace {

namespace fs = std::filesystem;
using test::names;
using test::slurp;

fs::path fresh_root() { return test::fresh_root("tankersim_output_set_"); }

void spit(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

std::string refusal(const std::string& dir) {
  try {
    OutputSet set(dir);
  } catch (const OutputSetError& e) {
    EXPECT_EQ(e.kind(), OutputSetError::Kind::refused);
    return e.what();
  }
  return "(accepted)";
}

void publish_one(const fs::path& dir, const std::string& name, const std::string& text) {
  OutputSet set(dir.string());
  set.add(name).write(text);
  set.publish();
}

TEST(OutputSet, NothingAppearsUntilPublishThenTheWholeSet) {
  const fs::path root = fresh_root();
  const fs::path dir = root / "out";
  OutputSet set(dir.string());
  set.add("a.csv").write("x,y\n");
  set.add("b.csv").write(std::string(3 << 20, 'z'));  // past the 1 MiB buffer: bytes reach the disk
  EXPECT_FALSE(fs::exists(dir));
  const std::vector<std::string> staged = names(root);
  ASSERT_EQ(staged.size(), 1U);
  EXPECT_EQ(staged[0].rfind(".out.tankersim-" + std::to_string(::getpid()) + "-", 0), 0U) << staged[0];
  EXPECT_EQ(names(root / staged[0]), (std::vector<std::string>{"a.csv", "b.csv"}));
  EXPECT_EQ(set.outcome(), "nothing was written to " + dir.string());
  set.publish();
  EXPECT_EQ(names(root), std::vector<std::string>{"out"});
  EXPECT_EQ(names(dir), (std::vector<std::string>{"a.csv", "b.csv", "manifest.csv"}));
  EXPECT_EQ(slurp(dir / "a.csv"), "x,y\n");
  EXPECT_EQ(fs::file_size(dir / "b.csv"), 3U << 20);
  EXPECT_EQ(slurp(dir / "manifest.csv"), "file,bytes\na.csv,4\nb.csv,3145728\n");
  EXPECT_EQ(set.outcome(), dir.string() + " holds the new output set");
  EXPECT_EQ(fs::status(dir).permissions() & fs::perms::owner_all, fs::perms::owner_all);
  fs::remove_all(root);
}

// A file that a library writes by path (GDAL) is staged, synced and listed like the others.
TEST(OutputSet, AnExternalFileIsPartOfTheSetAndItsManifest) {
  const fs::path root = fresh_root();
  const fs::path dir = root / "out";
  OutputSet set(dir.string());
  set.add("a.csv").write("x\n");
  const std::string path = set.add_external("b.gpkg");
  EXPECT_EQ(fs::path(path).parent_path(), fs::path(set.staging_path()));
  EXPECT_FALSE(fs::exists(path));  // the library creates it
  spit(path, "written by someone else");
  set.add("c.csv").write("y\n");
  set.publish();
  EXPECT_EQ(names(dir), (std::vector<std::string>{"a.csv", "b.gpkg", "c.csv", "manifest.csv"}));
  EXPECT_EQ(slurp(dir / "manifest.csv"), "file,bytes\na.csv,2\nb.gpkg,23\nc.csv,2\n");
  fs::remove_all(root);
}

TEST(OutputSet, AnExternalFileNeverWrittenFailsThePublishAndKeepsThePrevious) {
  const fs::path root = fresh_root();
  const fs::path dir = root / "out";
  publish_one(dir, "a.csv", "old\n");
  {
    OutputSet set(dir.string());
    set.add("a.csv").write("new\n");
    set.add_external("b.gpkg");
    try {
      set.publish();
      ADD_FAILURE() << "published without b.gpkg";
    } catch (const OutputSetError& e) {
      EXPECT_EQ(e.kind(), OutputSetError::Kind::failed);
      EXPECT_EQ(std::string(e.what()), "cannot write " + dir.string() + "/b.gpkg: No such file or directory");
    }
  }
  EXPECT_EQ(slurp(dir / "a.csv"), "old\n");
  EXPECT_EQ(names(root), std::vector<std::string>{"out"});
  fs::remove_all(root);
}

TEST(OutputSet, ReplacesThePreviousSetWhole) {
  const fs::path root = fresh_root();
  const fs::path dir = root / "out";
  {
    OutputSet set(dir.string());
    set.add("a.csv").write("old a\n");
    set.add("b.csv").write("old b\n");
    set.publish();
  }
  spit(dir / "map.png", "drawn from the old tracks");
  {
    OutputSet set(dir.string());
    set.add("a.csv").write("new a\n");
    EXPECT_EQ(slurp(dir / "a.csv"), "old a\n");  // the old set stays whole until the switch
    EXPECT_EQ(set.outcome(), dir.string() + " keeps the previous output set");
    set.publish();
    EXPECT_TRUE(set.warning().empty()) << set.warning();
  }
  // Files added to the old set (map.png) describe the old run, so they go with it.
  EXPECT_EQ(names(dir), (std::vector<std::string>{"a.csv", "manifest.csv"}));
  EXPECT_EQ(slurp(dir / "a.csv"), "new a\n");
  EXPECT_EQ(names(root), std::vector<std::string>{"out"});
  fs::remove_all(root);
}

TEST(OutputSet, AnAbandonedSetLeavesTheFolderAsItWas) {
  const fs::path root = fresh_root();
  const fs::path dir = root / "out";
  publish_one(dir, "a.csv", "old\n");
  {
    OutputSet set(dir.string());
    set.add("a.csv").write(std::string(3 << 20, 'n'));
  }  // destroyed without publish, as when a run fails or throws
  EXPECT_EQ(names(dir), (std::vector<std::string>{"a.csv", "manifest.csv"}));
  EXPECT_EQ(slurp(dir / "a.csv"), "old\n");
  EXPECT_EQ(names(root), std::vector<std::string>{"out"});
  fs::remove_all(root);
}

// The old AtomicFile opened "<file>.tmp-<pid>" with fopen, which follows a symbolic link planted
// at that predictable name. A staged file is created with O_CREAT|O_EXCL|O_NOFOLLOW: a link
// planted at its name (even inside the unpredictable staging folder) is an error, never followed.
TEST(OutputSet, APlantedSymlinkIsNotFollowed) {
  const fs::path root = fresh_root();
  const fs::path dir = root / "out";
  const fs::path victim = root / "victim.txt";
  spit(victim, "precious\n");
  {
    OutputSet set(dir.string());
    fs::create_symlink(victim, fs::path(set.staging_path()) / "tracks.csv");
    try {
      set.add("tracks.csv");
      FAIL() << "the link was followed";
    } catch (const OutputSetError& e) {
      EXPECT_EQ(e.kind(), OutputSetError::Kind::failed);
      EXPECT_EQ(std::string(e.what()), "cannot create " + dir.string() + "/tracks.csv: File exists");
    }
  }
  EXPECT_EQ(slurp(victim), "precious\n");
  EXPECT_EQ(names(root), std::vector<std::string>{"victim.txt"});  // the staging folder is gone, link and all
  fs::remove_all(root);
}

// `--out .` or `--out ~/Documents`: a folder with files tankersim did not write is never replaced.
TEST(OutputSet, RefusesAFolderItDidNotWrite) {
  const fs::path root = fresh_root();
  const fs::path dir = root / "Documents";
  fs::create_directories(dir / "photos");
  for (const char* f : {"a.csv", "b", "c", "notes.txt"}) spit(dir / f, "mine\n");
  EXPECT_EQ(refusal(dir.string()),
            "cannot use " + dir.string() +
                " as the output folder: it holds files tankersim did not write (a.csv, b, c and 2 more) "
                "and no manifest.csv; choose another --out or empty the folder");
  spit(dir / "manifest.csv", "something else\n");  // a manifest that is not ours does not count
  EXPECT_EQ(refusal(dir.string()),
            "cannot use " + dir.string() +
                " as the output folder: it holds files tankersim did not write (a.csv, b, c and 3 more) "
                "and no manifest.csv; choose another --out or empty the folder");
  EXPECT_EQ(names(dir), (std::vector<std::string>{"a.csv", "b", "c", "manifest.csv", "notes.txt", "photos"}));
  EXPECT_EQ(names(root), std::vector<std::string>{"Documents"});  // no staging folder was made
  fs::remove_all(root);
}

TEST(OutputSet, RefusesAFileALinkToNothingAndTheWorkingFolder) {
  const fs::path root = fresh_root();
  spit(root / "file.csv", "x\n");
  EXPECT_EQ(refusal((root / "file.csv").string()),
            "cannot use " + (root / "file.csv").string() + " as the output folder: it is a file, not a folder");
  fs::create_symlink(root / "missing", root / "dangling");
  EXPECT_EQ(refusal((root / "dangling").string()),
            "cannot use " + (root / "dangling").string() + " as the output folder: it is a symbolic link to nothing");
  const fs::path here = root / "here";
  fs::create_directories(here / "sub");
  const fs::path cwd = fs::current_path();
  fs::current_path(here / "sub");
  const std::string why =
      " as the output folder: it is the current folder or holds it, and an output folder is replaced whole; run from "
      "outside it";
  EXPECT_EQ(refusal("."), "cannot use ." + why);
  EXPECT_EQ(refusal(".."), "cannot use .." + why);
  EXPECT_EQ(refusal("/"), "cannot use / as the output folder: it is the root folder");
  fs::current_path(cwd);
  EXPECT_EQ(names(root), (std::vector<std::string>{"dangling", "file.csv", "here"}));
  fs::remove_all(root);
}

TEST(OutputSet, ALinkToAFolderIsFollowed) {
  const fs::path root = fresh_root();
  publish_one(root / "real", "a.csv", "old\n");
  fs::create_directory_symlink("real", root / "latest");
  publish_one(root / "latest", "a.csv", "new\n");
  EXPECT_TRUE(fs::is_symlink(root / "latest"));
  EXPECT_EQ(slurp(root / "real" / "a.csv"), "new\n");
  EXPECT_EQ(names(root), (std::vector<std::string>{"latest", "real"}));
  fs::remove_all(root);
}

TEST(OutputSet, ReplacesAFolderOfAnOlderVersion) {
  const fs::path root = fresh_root();
  const fs::path dir = root / "out";
  fs::create_directories(dir);
  for (const char* f : {"tracks.csv", "summary.csv", "tracks.csv.tmp-4242", "map.png"}) spit(dir / f, "older\n");
  {
    OutputSet set(dir.string());
    EXPECT_EQ(set.outcome(), dir.string() + " keeps the previous output set");
    set.add("tracks.csv").write("new\n");
    set.publish();
  }
  EXPECT_EQ(names(dir), (std::vector<std::string>{"manifest.csv", "tracks.csv"}));
  // An empty folder (a fresh mkdtemp, a TemporaryDirectory) is fine too.
  fs::create_directories(root / "empty");
  publish_one(root / "empty", "a.csv", "a\n");
  EXPECT_EQ(names(root / "empty"), (std::vector<std::string>{"a.csv", "manifest.csv"}));
  fs::remove_all(root);
}

pid_t dead_pid() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  ::waitpid(pid, nullptr, 0);
  return pid;
}

// A run killed by SIGKILL leaves its staging folder (and, mid-switch without RENAME_EXCHANGE, the
// previous set under "-old"); the next run into the folder removes them, and nothing else.
TEST(OutputSet, RemovesStagingFoldersOfDeadRunsOnly) {
  const fs::path root = fresh_root();
  const fs::path dir = root / "out";
  const std::string dead = std::to_string(dead_pid());
  const fs::path stale = root / (".out.tankersim-" + dead + "-abc123");
  const fs::path stale_old = root / (".out.tankersim-" + dead + "-def456-old");
  fs::create_directories(stale);
  spit(stale / "tracks.csv", "half\n");
  fs::create_directories(stale_old / "plots");
  spit(stale_old / "plots" / "a.png", "x");
  // Not ours: another target's staging folder, and a link with a staging name to a user folder.
  const fs::path other = root / (".other.tankersim-" + dead + "-abc123");
  fs::create_directories(other);
  fs::create_directories(root / "user");
  spit(root / "user" / "keep.txt", "mine\n");
  const fs::path planted = root / (".out.tankersim-" + dead + "-zzzzzz");
  fs::create_directory_symlink(root / "user", planted);

  // A live run in another process: its staging folder is locked and its pid runs.
  int ready[2], done[2];
  ASSERT_EQ(::pipe(ready), 0);
  ASSERT_EQ(::pipe(done), 0);
  const pid_t child = ::fork();
  if (child == 0) {
    OutputSet live(dir.string());
    live.add("tracks.csv").write("live\n");
    const std::string path = live.staging_path();
    (void)!::write(ready[1], path.data(), path.size());
    char c;
    (void)!::read(done[0], &c, 1);
    ::_exit(0);
  }
  char buf[4096];
  const ssize_t n = ::read(ready[0], buf, sizeof buf);
  ASSERT_GT(n, 0);
  const fs::path live_staging(std::string(buf, static_cast<size_t>(n)));
  ASSERT_TRUE(fs::exists(live_staging / "tracks.csv"));

  // A live set of this process.
  OutputSet mine(dir.string());
  {
    OutputSet set(dir.string());
    EXPECT_FALSE(fs::exists(stale));
    EXPECT_FALSE(fs::exists(stale_old));
    EXPECT_TRUE(fs::exists(live_staging / "tracks.csv"));
    EXPECT_TRUE(fs::exists(mine.staging_path()));
    EXPECT_TRUE(fs::exists(other));
    EXPECT_TRUE(fs::is_symlink(planted));
    EXPECT_EQ(slurp(root / "user" / "keep.txt"), "mine\n");
  }
  (void)!::write(done[1], "x", 1);
  ::waitpid(child, nullptr, 0);
  fs::remove_all(root);
}

TEST(OutputSet, FileNamesArePlainAndTheManifestIsItsOwn) {
  const fs::path root = fresh_root();
  OutputSet set((root / "out").string());
  EXPECT_THROW(set.add("../escape.csv"), std::invalid_argument);
  EXPECT_THROW(set.add(""), std::invalid_argument);
  EXPECT_THROW(set.add("manifest.csv"), std::invalid_argument);
  set.add("a.csv");
  EXPECT_THROW(set.add("a.csv"), std::invalid_argument);
  fs::remove_all(root);
}

}  // namespace
}  // namespace tankersim::io
