// rwchaos-kind-generator: the ground-truth generator as a container of a kind client pod
// (harness/generator/kind_generator_sidecar.hpp). Built by kind/Dockerfile.
#include "harness/generator/kind_generator_sidecar.hpp"

int main(int argc, char** argv) { return rwchaos::harness::run_generator_sidecar(argc, argv); }
