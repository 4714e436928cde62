// scripts/kind-up against stand-in docker, kind, kubectl and istioctl
// (harness/tests/data/kind-standin/, first on PATH): the pinned node image and Istio, an image build
// `kind load` can import from Docker's containerd store, the rwchaos image tagged by content and
// applied under that tag, client images pulled into the node before any pod needs them, and exit 2
// naming what was found and what is needed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "harness/env/kind_tools.hpp"

namespace rwchaos::harness {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

const fs::path repo = RWCHAOS_SOURCE_DIR;
const std::string node_image =
    "kindest/node:v1.31.2@sha256:18fbefc20a7113353c7b75b5c869d7145a6abd6269154825872dc59c1329912e";

std::string read_file(const fs::path& path) {
  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

class KindUpStandIn : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "rwchaos-kind-up-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    const char* path = std::getenv("PATH");
    saved_path_ = path ? path : "";
    set("PATH", (repo / "harness/tests/data/kind-standin").string() + ":/usr/bin:/bin");
    set("STANDIN_LOG", (dir_ / "calls.log").string());
    set("STANDIN_DIR", dir_.string());
    set("STANDIN_IMAGE_ID", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    set("STANDIN_CLUSTERS", "");
    set("STANDIN_NODE_IMAGE", node_image);
    set("STANDIN_ISTIOCTL_VERSION", "1.24.6");
    set("STANDIN_ISTIOD_IMAGE", "docker.io/istio/pilot:1.24.6");
  }
  void TearDown() override {
    for (const auto& name : names_) ::unsetenv(name.c_str());
    ::setenv("PATH", saved_path_.c_str(), 1);
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  void set(const std::string& name, const std::string& value) {
    if (name != "PATH") names_.push_back(name);
    ::setenv(name.c_str(), value.c_str(), 1);
  }
  ToolResult kind_up() { return run_tool({"bash", (repo / "scripts/kind-up").string()}, 60s); }
  std::vector<std::string> calls() const {
    std::vector<std::string> lines;
    std::ifstream in(dir_ / "calls.log");
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }
  bool called(const std::string& text) const {
    for (const auto& line : calls())
      if (line.find(text) != std::string::npos) return true;
    return false;
  }
  std::size_t index_of(const std::string& text) const {
    const auto lines = calls();
    for (std::size_t i = 0; i < lines.size(); ++i)
      if (lines[i].find(text) != std::string::npos) return i;
    return lines.size();
  }

  fs::path dir_;
  std::string saved_path_;
  std::vector<std::string> names_;
};

TEST_F(KindUpStandIn, CreatesThePinnedClusterAndLoadsTheImageByItsContent) {
  const ToolResult run = kind_up();
  ASSERT_EQ(run.exit_code, 0) << run.output << run.diagnostics;
  EXPECT_TRUE(called("kind create cluster --name rwchaos --config " + (repo / "kind/cluster.yaml").string() +
                     " --image " + node_image + " --wait 120s"));
  EXPECT_TRUE(called("docker build --provenance=false --sbom=false -f " + (repo / "kind/Dockerfile").string() +
                     " -t rwchaos:dev " + repo.string()));
  EXPECT_TRUE(called("docker tag rwchaos:dev rwchaos:0123456789ab"));
  EXPECT_TRUE(called("kind load docker-image rwchaos:0123456789ab --name rwchaos"));
  EXPECT_TRUE(called("istioctl install -y -f " + (repo / "kind/istio/istio-operator.yaml").string()));
  for (const char* image : {"victoriametrics/vmalert:v1.79.5", "victoriametrics/vmagent:v1.79.5",
                            "victoriametrics/vminsert:v1.79.5-cluster", "victoriametrics/vmselect:v1.79.5-cluster",
                            "victoriametrics/vmstorage:v1.79.5-cluster"}) {
    EXPECT_TRUE(called(std::string("docker exec rwchaos-control-plane crictl pull ") + image)) << image;
    EXPECT_LT(index_of(std::string("crictl pull ") + image), index_of("kubectl apply -f -")) << "pulled before the pods need it";
  }
  const std::string applied = read_file(dir_ / "applied.yaml");
  EXPECT_THAT(applied, HasSubstr("image: rwchaos:0123456789ab"));
  EXPECT_THAT(applied, Not(HasSubstr("rwchaos:dev")));
  EXPECT_THAT(applied, HasSubstr("name: vmalert"));
  for (const char* rollout : {"statefulset/vmstorage", "deployment/vminsert", "deployment/vmselect",
                              "deployment/rwchaos-upstream ", "deployment/rwchaos-upstream-direct"})
    EXPECT_TRUE(called(std::string("kubectl -n rwchaos rollout status ") + rollout)) << rollout;
  EXPECT_FALSE(called("docker save")) << "docker save drops BuildKit's attestation manifests";
}

// A rebuild changes the tag, so kubectl apply changes the Deployments and they roll out the new binary.
TEST_F(KindUpStandIn, ARebuiltImageGetsANewTag) {
  ASSERT_EQ(kind_up().exit_code, 0);
  set("STANDIN_IMAGE_ID", "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210");
  set("STANDIN_CLUSTERS", "rwchaos");
  ASSERT_EQ(kind_up().exit_code, 0);
  EXPECT_TRUE(called("kind load docker-image rwchaos:fedcba987654 --name rwchaos"));
  EXPECT_THAT(read_file(dir_ / "applied.yaml"), HasSubstr("image: rwchaos:fedcba987654"));
  int creates = 0;
  for (const auto& line : calls()) creates += line.rfind("kind create cluster", 0) == 0;
  EXPECT_EQ(creates, 1) << "the second run reuses the cluster";
}

TEST_F(KindUpStandIn, AnotherIstioctlIsExitTwoNamingBoth) {
  set("STANDIN_ISTIOCTL_VERSION", "1.25.1");
  const ToolResult run = kind_up();
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.diagnostics, HasSubstr("istioctl 1.25.1 found, 1.24.6 needed (kind/versions.env ISTIO_VERSION)"));
  EXPECT_FALSE(called("kind create cluster"));
}

TEST_F(KindUpStandIn, AClusterOnAnotherNodeImageIsExitTwoNamingBoth) {
  set("STANDIN_CLUSTERS", "rwchaos");
  set("STANDIN_NODE_IMAGE", "kindest/node:v1.30.0");
  const ToolResult run = kind_up();
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.diagnostics, HasSubstr("kind cluster rwchaos runs node image kindest/node:v1.30.0, " + node_image +
                                         " needed"));
  EXPECT_FALSE(called("docker build"));
}

TEST_F(KindUpStandIn, AnIstiodOfAnotherVersionIsExitTwo) {
  set("STANDIN_ISTIOD_IMAGE", "docker.io/istio/pilot:1.23.2");
  const ToolResult run = kind_up();
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.diagnostics, HasSubstr("istiod runs docker.io/istio/pilot:1.23.2, Istio 1.24.6 needed"));
}

TEST_F(KindUpStandIn, MissingToolsAreNamed) {
  // A PATH with only what the script needs before its tool check (this machine may have a kubectl).
  const fs::path bin = dir_ / "bin";
  fs::create_directories(bin);
  for (const char* program : {"bash", "dirname", "basename"}) fs::create_symlink(find_on_path(program), bin / program);
  set("PATH", bin.string());
  const ToolResult run = run_tool({(bin / "bash").string(), (repo / "scripts/kind-up").string()}, 60s);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_THAT(run.diagnostics, HasSubstr("not found on PATH: docker kind kubectl istioctl"));
}

}  // namespace
}  // namespace rwchaos::harness
