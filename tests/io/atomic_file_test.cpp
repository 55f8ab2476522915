#include "tankersim/io/atomic_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace tankersim::io {
namespace {

namespace fs = std::filesystem;

TEST(AtomicFile, NothingUnderTheFinalNameUntilCommit) {
  const fs::path dir = fs::temp_directory_path() / "tankersim_atomic";
  fs::create_directories(dir);
  const fs::path target = dir / "out.csv";
  fs::remove(target);
  {
    AtomicFile f(target.string());
    f.write("a,b\n");
    EXPECT_FALSE(fs::exists(target));
    f.commit();
  }
  std::ifstream in(target);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "a,b");
  {
    AtomicFile f((dir / "abandoned.csv").string());
    f.write(std::string(3 << 20, 'x'));  // past the buffer: bytes reach the temporary file
  }  // destroyed without commit, as when a run fails
  EXPECT_FALSE(fs::exists(dir / "abandoned.csv"));
  size_t leftovers = 0;
  for (const auto& e : fs::directory_iterator(dir)) leftovers += e.path().filename().string().find(".tmp-") != std::string::npos;
  EXPECT_EQ(leftovers, 0U);
  fs::remove_all(dir);
}

TEST(AtomicFile, UnwritableFolderIsAClearError) {
  try {
    AtomicFile f("/nonexistent-folder/x.csv");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-folder/x.csv.tmp-"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace tankersim::io
