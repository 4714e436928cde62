// The kind/ manifests are well-formed and consistent with each other and with the harness: every
// YAML parses, every resource is named and namespaced, images are pinned, Services select the pods
// they are for, and the example policies pass the Istio validator with the warnings they document.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "harness/clients/client_registry.hpp"
#include "harness/istio/istio_policy.hpp"
#include "harness/istio/istio_validator.hpp"

namespace rwchaos::harness {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const fs::path kind_dir = fs::path(RWCHAOS_SOURCE_DIR) / "kind";

struct Resource {
  std::string file;
  YAML::Node node;
};

std::vector<Resource> all_resources() {
  std::vector<Resource> out;
  for (const auto& entry : fs::recursive_directory_iterator(kind_dir)) {
    if (entry.path().extension() != ".yaml") continue;
    for (const YAML::Node& doc : YAML::LoadAllFromFile(entry.path().string())) {
      if (doc.IsMap()) out.push_back({entry.path().lexically_relative(kind_dir).string(), doc});
    }
  }
  return out;
}

std::vector<Resource> of_kind(const std::string& kind) {
  std::vector<Resource> out;
  for (auto& resource : all_resources()) {
    if (resource.node["kind"].as<std::string>() == kind) out.push_back(resource);
  }
  return out;
}

TEST(KindManifests, EveryFileParsesAndEveryResourceIsNamed) {
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kind_dir)) {
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    EXPECT_NO_THROW(YAML::LoadAllFromFile(entry.path().string())) << entry.path();
  }
  EXPECT_GE(files, 13);
  for (const auto& [file, node] : all_resources()) {
    ASSERT_TRUE(node["apiVersion"] && node["kind"]) << file;
    const std::string kind = node["kind"].as<std::string>();
    if (kind == "Cluster") {  // kind's own config
      EXPECT_EQ(node["name"].as<std::string>(), "rwchaos") << file;
      continue;
    }
    EXPECT_TRUE(node["metadata"]["name"].IsScalar()) << file << " " << kind;
    if (kind != "Namespace" && kind != "IstioOperator") {
      EXPECT_EQ(node["metadata"]["namespace"].as<std::string>(""), "rwchaos") << file << " " << kind;
    }
  }
}

TEST(KindManifests, ImagesArePinned) {
  std::set<std::string> images;
  std::vector<Resource> workloads = of_kind("Deployment");
  for (auto& statefulset : of_kind("StatefulSet")) workloads.push_back(statefulset);
  for (const auto& [file, node] : workloads) {
    for (const auto& container : node["spec"]["template"]["spec"]["containers"]) {
      const std::string image = container["image"].as<std::string>();
      images.insert(image);
      EXPECT_NE(image.find(':'), std::string::npos) << file << ": " << image << " has no tag";
      EXPECT_EQ(image.find(":latest"), std::string::npos) << file << ": " << image;
    }
  }
  EXPECT_THAT(images, Contains("victoriametrics/vminsert:v1.79.5-cluster"));
  EXPECT_THAT(images, Contains("victoriametrics/vmalert:v1.79.5"));
  EXPECT_THAT(images, Contains("rwchaos:dev"));
}

TEST(KindManifests, EveryServiceSelectsAPodTemplate) {
  std::vector<std::map<std::string, std::string>> pod_labels;
  for (const std::string kind : {"Deployment", "StatefulSet"}) {
    for (const auto& [file, node] : of_kind(kind)) {
      pod_labels.push_back(node["spec"]["template"]["metadata"]["labels"].as<std::map<std::string, std::string>>());
      // the selector must match the template, or the API server rejects the Deployment
      for (const auto& [key, value] : node["spec"]["selector"]["matchLabels"].as<std::map<std::string, std::string>>()) {
        EXPECT_EQ(pod_labels.back()[key], value) << file;
      }
    }
  }
  const auto services = of_kind("Service");
  EXPECT_GE(services.size(), 5u);
  for (const auto& [file, node] : services) {
    const auto selector = node["spec"]["selector"].as<std::map<std::string, std::string>>();
    bool matched = false;
    for (const auto& labels : pod_labels) {
      bool all = true;
      for (const auto& [key, value] : selector) all = all && labels.count(key) && labels.at(key) == value;
      matched = matched || all;
    }
    EXPECT_TRUE(matched) << file << ": Service " << node["metadata"]["name"] << " selects no pod";
  }
}

// The adapters' kind facts (harness/clients/*.cpp) against kind/clients/*.yaml: a Deployment named
// as the kind for exactly the adapters with a kind_http_port, listening on it, writing to the
// upstream with the adapter's write_path, fed by the generator container; a vmalert rule records
// the adapter's stored metric.
TEST(KindManifests, ClientDeploymentsMatchTheAdaptersKindFacts) {
  std::set<std::string> with_manifest;
  for (const auto& adapter : client_adapters())
    if (adapter.kind_http_port != 0) with_manifest.insert(adapter.kind);
  EXPECT_EQ(with_manifest, (std::set<std::string>{"vmalert", "vmagent"}));
  std::set<std::string> client_deployments;
  for (const auto& [file, node] : of_kind("Deployment")) {
    if (node["spec"]["template"]["metadata"]["labels"]["rwchaos.io/role"].as<std::string>("") != "client") continue;
    const std::string name = node["metadata"]["name"].as<std::string>();
    client_deployments.insert(name);
    const ClientAdapter* client = find_client_adapter(name);
    ASSERT_NE(client, nullptr) << file << ": a client Deployment named after no adapter";
    EXPECT_EQ(node["spec"]["replicas"].as<int>(), 0) << file << ": the runner scales it up";
    std::set<int> ports;
    std::string generator_command;
    bool write_url_set = false;
    for (const auto& container : node["spec"]["template"]["spec"]["containers"]) {
      for (const auto& port : container["ports"]) ports.insert(port["containerPort"].as<int>());
      if (container["command"]) generator_command = container["command"][0].as<std::string>();
      for (const auto& env : container["env"]) {
        if (env["name"].as<std::string>() != "remoteWrite_url") continue;
        write_url_set = true;
        EXPECT_EQ(env["value"].as<std::string>(),
                  "http://rwchaos-upstream.rwchaos.svc.cluster.local:8480" + client->write_path) << file;
      }
    }
    EXPECT_TRUE(write_url_set) << file;
    EXPECT_THAT(ports, Contains(client->kind_http_port)) << file;
    EXPECT_EQ(generator_command, "rwchaos-kind-generator") << file;
  }
  EXPECT_EQ(client_deployments, with_manifest);
  for (const auto& [file, node] : of_kind("ConfigMap")) {
    if (node["metadata"]["name"].as<std::string>() != "vmalert-rules") continue;
    const YAML::Node rules = YAML::Load(node["data"]["rules.yaml"].as<std::string>());
    EXPECT_EQ(rules["groups"][0]["rules"][0]["record"].as<std::string>(), find_client_adapter("vmalert")->stored_metric);
  }
}

TEST(KindManifests, UpstreamsRunTheFaultUpstreamWithATokenForwardToVminsertAndListSamples) {
  std::set<std::string> names;
  for (const auto& [file, node] : of_kind("Deployment")) {
    if (node["spec"]["template"]["metadata"]["labels"]["rwchaos.io/role"].as<std::string>("") != "upstream") continue;
    names.insert(node["metadata"]["name"].as<std::string>());
    const auto args = node["spec"]["template"]["spec"]["containers"][0]["args"].as<std::vector<std::string>>();
    EXPECT_THAT(args, ElementsAre("upstream", "--listen=0.0.0.0:8480", "--control=0.0.0.0:9090",
                                  "--control-token=$(RWCHAOS_CONTROL_TOKEN)",
                                  "--forward=http://vminsert.rwchaos.svc.cluster.local:8480/insert/0/prometheus/api/v1/write",
                                  "--ledger=/data/ledger.jsonl", "--ledger-samples"))
        << file;
  }
  EXPECT_THAT(names, ElementsAre("rwchaos-upstream", "rwchaos-upstream-direct"));
}

TEST(KindPolicies, AllValidateAndWarnAsDocumented) {
  std::map<std::string, std::vector<std::string>> warnings;
  for (const auto& entry : fs::directory_iterator(kind_dir / "policies")) {
    const IstioPolicy policy = load_istio_policy(entry.path().string());
    EXPECT_THAT(policy.errors, IsEmpty()) << entry.path();
    warnings[entry.path().filename().string()] = policy.warnings;
  }
  EXPECT_THAT(warnings["retry-with-reset.yaml"], IsEmpty());
  EXPECT_THAT(warnings["idle-timeout-below-upstream.yaml"], IsEmpty());
  EXPECT_THAT(warnings["retry-without-reset.yaml"],
              ElementsAre(HasSubstr("Envoy will answer 503 UC instead of retrying an upstream reset before headers")));
  EXPECT_THAT(warnings["idle-timeout-default.yaml"],
              ElementsAre(AllOf(HasSubstr("idleTimeout 1h (Istio's default, unset)"), HasSubstr("keep-alive race"))));
}

}  // namespace
}  // namespace rwchaos::harness
