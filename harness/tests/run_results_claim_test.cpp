// Two runs that start in the same second with the same name must not share a results folder.
#include <stdlib.h>

#include <filesystem>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "harness/run/results_folder.hpp"

namespace rwchaos::harness {
namespace {

namespace fs = std::filesystem;

fs::path temp_dir() {
  std::string pattern = (fs::temp_directory_path() / "rwchaos-claim-XXXXXX").string();
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

TEST(ResultsFolder, ClaimingATakenNameGivesTheNextFreeOne) {
  const fs::path dir = temp_dir();
  const fs::path wanted = dir / "results" / "20261123T124421Z-soak";
  EXPECT_EQ(claim_results_folder(wanted), wanted);  // absolute already (mkdtemp under /tmp)
  EXPECT_EQ(claim_results_folder(wanted), dir / "results" / "20261123T124421Z-soak-2");
  EXPECT_EQ(claim_results_folder(wanted), dir / "results" / "20261123T124421Z-soak-3");
  EXPECT_TRUE(fs::is_directory(dir / "results" / "20261123T124421Z-soak-3"));
  fs::remove_all(dir);
}

TEST(ResultsFolder, ConcurrentClaimsOfOneNameAllGetDistinctFolders) {
  const fs::path dir = temp_dir();
  const fs::path wanted = dir / "results" / "20261123T124421Z-same";
  constexpr int claimers = 16;
  std::mutex mutex;
  std::set<fs::path> claimed;
  std::vector<std::thread> threads;
  for (int i = 0; i < claimers; ++i)
    threads.emplace_back([&] {
      const fs::path path = claim_results_folder(wanted);
      std::lock_guard lock(mutex);
      claimed.insert(path);
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(claimed.size(), static_cast<std::size_t>(claimers));
  fs::remove_all(dir);
}

TEST(ResultsFolder, UnwritableParentIsAnErrorNamingIt) {
  try {
    claim_results_folder("/proc/rwchaos-no-such/results/x");
    FAIL() << "claimed a folder under /proc";
  } catch (const fs::filesystem_error& error) {
    EXPECT_NE(std::string(error.what()).find("/proc/rwchaos-no-such"), std::string::npos) << error.what();
  }
}

// The clients run with the run folder as working directory: a relative results path would point
// them at results/<run>/results/<run>/... (vmagent then cannot find its scrape config).
TEST(ResultsFolder, RootIsAbsoluteSoChildrenInTheRunFolderFindIt) {
  const fs::path dir = temp_dir();
  const fs::path before = fs::current_path();
  fs::current_path(dir);
  const auto time = std::chrono::system_clock::from_time_t(1795437861);
  const fs::path claimed = results_root("", "x", time);
  const fs::path given = results_root("mine", "x", time);
  fs::current_path(before);
  EXPECT_EQ(claimed, dir / "results" / "20261123T124421Z-x");
  EXPECT_TRUE(fs::is_directory(claimed));
  EXPECT_EQ(given, dir / "mine");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rwchaos::harness
