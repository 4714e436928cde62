// The kind/ manifests are well-formed and consistent with each other and with the harness: every
// YAML parses, every resource is named and namespaced, images are pinned, Services select the pods
// they are for, and the example policies pass the Istio validator with the warnings they document.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
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

// Walks `node` against the schema type `type` (harness/tests/data/kind/k8s-schema.yaml); one message
// per field missing, unknown or of the wrong shape, each with its path.
void check_schema(const YAML::Node& types, const std::string& type, const YAML::Node& node, const std::string& at,
                  std::vector<std::string>& errors) {
  if (type == "any") return;
  if (type == "string" || type == "int" || type == "bool") {
    if (!node.IsScalar()) return errors.push_back(at + ": a " + type + " expected");
    if (type == "int") {
      try {
        node.as<int>();
      } catch (const YAML::Exception&) {
        errors.push_back(at + ": an integer expected, got " + node.as<std::string>());
      }
    }
    return;
  }
  if (type == "map") {
    if (!node.IsMap()) return errors.push_back(at + ": a map of strings expected");
    for (const auto& entry : node)
      if (!entry.second.IsScalar()) errors.push_back(at + "." + entry.first.as<std::string>() + ": a string expected");
    return;
  }
  const YAML::Node spec = types[type];
  if (!spec) return errors.push_back(at + ": schema type " + type + " is not defined");
  if (spec["items"]) {
    if (!node.IsSequence()) return errors.push_back(at + ": a list expected");
    for (std::size_t i = 0; i < node.size(); ++i)
      check_schema(types, spec["items"].as<std::string>(), node[i], at + "[" + std::to_string(i) + "]", errors);
    return;
  }
  if (!node.IsMap()) return errors.push_back(at + ": an object (" + type + ") expected");
  for (const auto& required : spec["required"])
    if (!node[required.as<std::string>()]) errors.push_back(at + "." + required.as<std::string>() + ": required (" + type + ")");
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>();
    const YAML::Node field = spec["fields"][key];
    if (!field) errors.push_back(at + "." + key + ": unknown field of " + type + " (not in the checked subset)");
    else check_schema(types, field.as<std::string>(), entry.second, at + "." + key, errors);
  }
}

std::vector<std::string> schema_errors(const YAML::Node& resource, const std::string& where) {
  static const YAML::Node schema =
      YAML::LoadFile((fs::path(RWCHAOS_SOURCE_DIR) / "harness/tests/data/kind/k8s-schema.yaml").string());
  std::vector<std::string> errors;
  const std::string kind = resource["kind"].as<std::string>("");
  const YAML::Node entry = schema["kinds"][kind];
  if (!entry) return {where + ": kind '" + kind + "' has no schema"};
  if (resource["apiVersion"].as<std::string>("") != entry["apiVersion"].as<std::string>())
    errors.push_back(where + ": apiVersion " + resource["apiVersion"].as<std::string>("") + ", " +
                     entry["apiVersion"].as<std::string>() + " expected");
  check_schema(schema["types"], entry["type"].as<std::string>(), resource, where, errors);
  return errors;
}

// Every resource kind/ applies (kubectl, istioctl, kind): Istio's DR/VS through the Istio validator
// (KindPolicies), everything else through the schema of its kind.
TEST(KindManifests, EveryResourceMatchesItsSchema) {
  int checked = 0;
  for (const auto& [file, node] : all_resources()) {
    const std::string kind = node["kind"].as<std::string>("");
    if (kind == "DestinationRule" || kind == "VirtualService") continue;
    ++checked;
    EXPECT_THAT(schema_errors(node, file + " " + kind), IsEmpty());
  }
  EXPECT_GE(checked, 17);
}

TEST(KindManifests, TheSchemaCheckFindsTyposMissingFieldsAndWrongShapes) {
  const YAML::Node broken = YAML::Load(R"(
apiVersion: apps/v1
kind: Deployment
metadata: {name: x}
spec:
  replicas: one
  selector: {matchLabels: {app: x}}
  template:
    metadata: {labels: {app: x}}
    spec:
      contianers: []
      volumes: [{configMap: {name: c}}]
)");
  EXPECT_THAT(schema_errors(broken, "broken.yaml"),
              ElementsAre("broken.yaml.spec.replicas: an integer expected, got one",
                          "broken.yaml.spec.template.spec.containers: required (PodSpec)",
                          "broken.yaml.spec.template.spec.contianers: unknown field of PodSpec (not in the checked subset)",
                          "broken.yaml.spec.template.spec.volumes[0].name: required (Volume)"));
  EXPECT_THAT(schema_errors(YAML::Load("{apiVersion: apps/v1beta1, kind: Namespace, metadata: {name: n}}"), "ns.yaml"),
              ElementsAre("ns.yaml: apiVersion apps/v1beta1, v1 expected"));
}

// Kubernetes requires a name on every port of a multi-port Service; Istio picks the protocol from
// appProtocol or the name's prefix (http-, tcp-, grpc-), else it treats the port as opaque TCP and
// neither routes nor retries it.
TEST(KindManifests, ServicePortsAreNamedForKubernetesAndIstio) {
  for (const auto& [file, node] : of_kind("Service")) {
    for (const auto& port : node["spec"]["ports"]) {
      const std::string name = port["name"].as<std::string>("");
      EXPECT_FALSE(name.empty()) << file;
      const bool protocol_known = port["appProtocol"] || name == "http" || name.rfind("http-", 0) == 0 ||
                                  name.rfind("tcp-", 0) == 0 || name.rfind("grpc", 0) == 0;
      EXPECT_TRUE(protocol_known) << file << ": port " << name;
    }
  }
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
  EXPECT_THAT(warnings["idle-timeout-below-upstream-meshed.yaml"], IsEmpty());
  EXPECT_THAT(warnings["idle-timeout-default.yaml"],
              ElementsAre(AllOf(HasSubstr("idleTimeout 1h (Istio's default, unset)"), HasSubstr("keep-alive race"))));
}

// A retry policy for the upstream's write port only: without a port match the VirtualService's
// route (and its retries) also takes the control port's traffic.
TEST(KindPolicies, RetryVirtualServicesMatchTheWritePort) {
  int virtual_services = 0;
  for (const auto& [file, node] : of_kind("VirtualService")) {
    ++virtual_services;
    for (const auto& route : node["spec"]["http"]) {
      ASSERT_TRUE(route["match"].IsSequence()) << file;
      for (const auto& match : route["match"]) EXPECT_EQ(match["port"].as<int>(0), 8480) << file;
      for (const auto& destination : route["route"]) EXPECT_EQ(destination["destination"]["port"]["number"].as<int>(0), 8480) << file;
    }
  }
  EXPECT_EQ(virtual_services, 2);
}

// A policy for each upstream: the meshed one needs its own DR, which reaches its inbound sidecar too.
TEST(KindPolicies, BothUpstreamsHaveAnIdleTimeoutFix) {
  std::set<std::string> hosts;
  for (const auto& [file, node] : of_kind("DestinationRule")) {
    const YAML::Node idle = node["spec"]["trafficPolicy"]["connectionPool"]["http"]["idleTimeout"];
    if (idle && idle.as<std::string>() == "50s") hosts.insert(node["spec"]["host"].as<std::string>());
  }
  EXPECT_EQ(hosts, (std::set<std::string>{"rwchaos-upstream.rwchaos.svc.cluster.local",
                                          "rwchaos-upstream-direct.rwchaos.svc.cluster.local"}));
}

// The meshed upstream's storage leg must not run through its own outbound sidecar (1 h idle pool
// against vminsert's 1 m): the port of its --forward URL is excluded from outbound capture.
TEST(KindManifests, TheMeshedUpstreamsStorageLegBypassesItsSidecar) {
  for (const auto& [file, node] : of_kind("Deployment")) {
    const YAML::Node pod = node["spec"]["template"];
    if (pod["metadata"]["labels"]["rwchaos.io/role"].as<std::string>("") != "upstream") continue;
    const YAML::Node annotations = pod["metadata"]["annotations"];
    if (annotations["sidecar.istio.io/inject"].as<std::string>("true") == "false") continue;
    std::string forward_port;
    for (const auto& arg : pod["spec"]["containers"][0]["args"]) {
      const std::string text = arg.as<std::string>();
      if (text.rfind("--forward=", 0) == 0) forward_port = text.substr(text.rfind(':') + 1, 4);
    }
    EXPECT_EQ(forward_port, "8480") << file;
    EXPECT_EQ(annotations["traffic.sidecar.istio.io/excludeOutboundPorts"].as<std::string>(""), forward_port) << file;
  }
}

// Native sidecars keep the client's proxy up until the client exited (kind/istio/istio-operator.yaml).
TEST(KindManifests, IstioInjectsNativeSidecars) {
  const auto operators = of_kind("IstioOperator");
  ASSERT_EQ(operators.size(), 1u);
  EXPECT_EQ(operators[0].node["spec"]["values"]["pilot"]["env"]["ENABLE_NATIVE_SIDECARS"].as<std::string>(""), "true");
}

// kind/versions.env: the node image by version and digest, Istio by its full version.
TEST(KindManifests, VersionsArePinned) {
  std::ifstream in(kind_dir / "versions.env");
  std::map<std::string, std::string> pins;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    pins[line.substr(0, line.find('='))] = line.substr(line.find('=') + 1);
  }
  EXPECT_THAT(pins["KIND_NODE_IMAGE"], ::testing::MatchesRegex(R"(kindest/node:v1\.[0-9]+\.[0-9]+@sha256:[0-9a-f]{64})"));
  EXPECT_THAT(pins["KIND_VERSION"], ::testing::MatchesRegex(R"(v0\.[0-9]+\.[0-9]+)"));
  EXPECT_THAT(pins["ISTIO_VERSION"], ::testing::MatchesRegex(R"(1\.24\.[0-9]+)"));
  EXPECT_THAT(pins["KUBECTL_VERSION"], ::testing::MatchesRegex(R"(v1\.[0-9]+\.[0-9]+)"));
  // The same Kubernetes minor for kubectl and the node (kubectl's skew policy allows one, we use none).
  const std::string node = pins["KIND_NODE_IMAGE"].substr(std::string("kindest/node:").size());
  EXPECT_EQ(node.substr(0, node.rfind('.')), pins["KUBECTL_VERSION"].substr(0, pins["KUBECTL_VERSION"].rfind('.')));
}

}  // namespace
}  // namespace rwchaos::harness
