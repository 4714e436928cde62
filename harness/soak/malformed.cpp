#include "harness/soak/malformed.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "faults/remotewrite/codec.hpp"

namespace rwchaos::harness::soak {

namespace {

std::string post(const std::string& body, const std::string& extra_headers = "") {
  return fmt::format(
      "POST /api/v1/write HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Encoding: snappy\r\n"
      "Content-Type: application/x-protobuf\r\nX-Prometheus-Remote-Write-Version: 0.1.0\r\n"
      "Content-Length: {}\r\n{}\r\n{}",
      body.size(), extra_headers, body);
}

std::string random_bytes(std::mt19937_64& rng, std::size_t n) {
  std::string out(n, '\0');
  for (auto& c : out) c = static_cast<char>(rng());
  return out;
}

// Snappy's preamble is the decoded length as a little-endian base-128 varint.
std::string varint(std::uint64_t value) {
  std::string out;
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
  return out;
}

}  // namespace

std::vector<MalformedKind> malformed_kinds(std::size_t max_body_bytes) {
  std::mt19937_64 rng(42);
  std::vector<MalformedKind> kinds;
  kinds.push_back({"bad_http_request_line", 400, 10, "BLAH BLAH\r\n\r\n"});
  kinds.push_back({"bad_http_header_line", 400, 10,
                   "POST /api/v1/write HTTP/1.1\r\nHost: x\r\nno colon in this header\r\n\r\n"});
  kinds.push_back({"bad_http_content_length", 400, 10,
                   "POST /api/v1/write HTTP/1.1\r\nHost: x\r\nContent-Length: 12abc\r\n\r\n"});
  kinds.push_back({"bad_http_chunk_size", 400, 10,
                   "POST /api/v1/write HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"});
  // Header section over the 64 KiB header cap; only 3 KiB past it, so the upstream has read what
  // we sent by the time it answers (unread bytes would turn its close into a reset).
  kinds.push_back({"oversize_headers", 400, 2,
                   "POST /api/v1/write HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(67 << 10, 'a') + "\r\n\r\n"});
  kinds.push_back({"bad_snappy", 400, 10, post(varint(100) + random_bytes(rng, 64))});
  kinds.push_back({"bad_protobuf", 400, 10, post(remotewrite::compress(random_bytes(rng, 512)))});
  // Announces a body one byte over the cap; sends none of it: the 413 needs the headers only.
  kinds.push_back({"oversize_body", 413, 10,
                   fmt::format("POST /api/v1/write HTTP/1.1\r\nHost: x\r\nContent-Encoding: snappy\r\n"
                               "Content-Length: {}\r\n\r\n",
                               max_body_bytes + 1)});
  // Bombs: a few bytes that claim 4 GiB decoded; and a real one, 200 MiB of zeros in ~10 MB of
  // snappy, over the 128 MiB decoded cap (the decoder must refuse before allocating).
  kinds.push_back({"bomb_claimed_4GiB", 400, 10, post(varint(0xffffffffull) + std::string(32, '\0'))});
  kinds.push_back({"bomb_200MiB_zeros", 400, 1, post(remotewrite::compress(std::string(200u << 20, '\0')))});
  // A real bomb under the decoded cap: 64 MiB of zeros, which decode and then fail as protobuf.
  kinds.push_back({"bomb_64MiB_zeros", 400, 1, post(remotewrite::compress(std::string(64u << 20, '\0')))});
  return kinds;
}

MalformedResult send_malformed(const HostPort& to, const std::vector<MalformedKind>& kinds, std::uint64_t count,
                               int threads, std::chrono::milliseconds limit) {
  std::vector<std::size_t> mix;  // kind indices, each repeated by weight
  for (std::size_t i = 0; i < kinds.size(); ++i) mix.insert(mix.end(), static_cast<std::size_t>(kinds[i].weight), i);
  MalformedResult result;
  std::mutex mutex;
  std::atomic<std::uint64_t> next{0};
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + limit;
  auto worker = [&] {
    for (;;) {
      const std::uint64_t n = next++;
      if (n >= count || std::chrono::steady_clock::now() > deadline) return;
      const MalformedKind& kind = kinds[mix[n % mix.size()]];
      const int fd = connect_loopback(to);
      Answer answer{0, "connect_failed"};
      if (fd >= 0) {
        send_all(fd, kind.bytes);  // the upstream may answer and close before all of it is sent
        answer = read_status(fd, std::chrono::seconds(15));
        ::close(fd);
      }
      std::lock_guard lock(mutex);
      ++result.sent;
      if (fd < 0) ++result.connect_failures;
      if (answer.status == kind.expected_status) ++result.as_expected;
      ++result.answers[kind.name][answer.key()];
    }
  };
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace rwchaos::harness::soak
