// The parallel path (ReplayBatch with several jobs) must give the same
// reports as replaying each file on its own, delivered in input order.

#include "app/batch.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "report/writers.h"

namespace roamreplay {
namespace {

namespace fs = std::filesystem;

class BatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("roamreplay_batch_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string ShippedLog(const char* name) {
    std::ifstream in(std::string(ROAMREPLAY_SOURCE_DIR) + "/logs/" + name, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  std::string Write(const std::string& rel, const std::string& data) {
    fs::path p = dir_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << data;
    return p.string();
  }

  fs::path dir_;
};

// JSON of the report minus the input name: findings, roams, counts, all of it.
std::string Canonical(const Report& report) {
  Report copy = report;
  copy.input.clear();
  std::ostringstream out;
  WriteJsonReport(copy, false, out);
  return out.str();
}

TEST_F(BatchTest, ParallelGivesSequentialReportsInInputOrder) {
  const std::string stale = ShippedLog("2011-okc-stale-pmkid.log");
  const std::string postfix = ShippedLog("2011-okc-postfix.log");
  ASSERT_FALSE(stale.empty());
  ASSERT_FALSE(postfix.empty());
  std::vector<std::string> files;
  // The first file is much larger, so later files finish first.
  std::string big;
  for (int i = 0; i < 40; ++i) big += stale;
  files.push_back(Write("00-big.log", big));
  for (int i = 1; i < 16; ++i)
    files.push_back(Write(fmt::format("{:02}.log", i), i % 3 == 0 ? postfix : stale));
  files.push_back(dir_.string() + "/missing.log");

  std::vector<std::string> sequential;
  for (const std::string& f : files) {
    Report report;
    Status s = ReplayFile(f, ReplayOptions(), &report);
    sequential.push_back(s.ok() ? Canonical(report) : "error: " + s.message());
  }
  size_t findings = 0;
  for (int jobs : {1, 2, 4, 7}) {
    std::vector<size_t> order;
    std::vector<std::string> parallel;
    ReplayBatch(files, ReplayOptions(), jobs, [&](size_t index, BatchResult& result) {
      order.push_back(index);
      EXPECT_EQ(result.report.input, files[index]);
      parallel.push_back(result.status.ok() ? Canonical(result.report)
                                            : "error: " + result.status.message());
      findings += result.report.findings.size();
    });
    ASSERT_EQ(order.size(), files.size()) << "jobs=" << jobs;
    for (size_t i = 0; i < order.size(); ++i) EXPECT_EQ(order[i], i) << "jobs=" << jobs;
    for (size_t i = 0; i < files.size(); ++i)
      EXPECT_EQ(parallel[i], sequential[i]) << "jobs=" << jobs << " file " << files[i];
  }
  EXPECT_GT(findings, 0u);  // the stale log has findings: the comparison is not vacuous
  EXPECT_NE(sequential.back().find("error: "), std::string::npos);
}

TEST_F(BatchTest, DirectoryExpandsToSortedRegularFilesRecursively) {
  Write("b.log", "x\n");
  Write("a/z.log", "x\n");
  Write("a/b/c.log", "x\n");
  Write("c.log.gz", "x\n");
  fs::create_directories(dir_ / "empty");
  std::vector<std::string> files;
  std::vector<Status> errors;
  ExpandInputs({"-", dir_.string(), "no/such/file"}, &files, &errors);
  EXPECT_TRUE(errors.empty());
  std::string d = dir_.string();
  EXPECT_EQ(files, (std::vector<std::string>{"-", d + "/a/b/c.log", d + "/a/z.log", d + "/b.log",
                                             d + "/c.log.gz", "no/such/file"}));
}

TEST(BatchJobsTest, DefaultJobsIsPositive) { EXPECT_GE(DefaultJobs(), 1); }

}  // namespace
}  // namespace roamreplay
