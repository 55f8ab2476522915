// docs/scenario-format.md is generated from the schema; this fails when they drift apart.
// Regenerate with: build/release/sim/tankersim schema > docs/scenario-format.md
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tankersim/scenario/schema.hpp"

TEST(SchemaDoc, CommittedDocumentMatchesTheSchema) {
  std::ifstream f(std::string(TANKERSIM_SOURCE_DIR) + "/docs/scenario-format.md");
  ASSERT_TRUE(f) << "docs/scenario-format.md is missing";
  std::ostringstream s;
  s << f.rdbuf();
  EXPECT_EQ(s.str(), tankersim::scenario::schema_markdown())
      << "docs/scenario-format.md is out of date: run `tankersim schema > docs/scenario-format.md`";
}

TEST(SchemaDoc, EveryFieldIsDocumented) {
  const std::string md = tankersim::scenario::schema_markdown();
  for (const auto& s : tankersim::scenario::schema()) {
    EXPECT_NE(md.find("`" + s.path + "`"), std::string::npos) << s.path;
  }
}
