#include "harness/process/listening_group.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace rwchaos::harness {

namespace {

namespace fs = std::filesystem;

// Inodes of the sockets listening on `port` in one /proc/net/tcp{,6} table; false when unreadable.
// A row: "sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...", the local
// address as HEXIP:HEXPORT and state 0A for LISTEN (Linux include/net/tcp_states.h, TCP_LISTEN = 10).
bool listening_inodes(const char* table, int port, std::set<std::string>& inodes) {
  std::ifstream in(table);
  if (!in) return false;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
    if (!(row >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >> inode)) continue;
    const auto colon = local.rfind(':');
    if (state != "0A" || colon == std::string::npos) continue;
    if (std::stoi(local.substr(colon + 1), nullptr, 16) == port) inodes.insert(inode);
  }
  return true;
}

// The process group of /proc/<pid>: the third field after the parenthesised command name.
int process_group(const fs::path& proc_dir) {
  std::ifstream in(proc_dir / "stat");
  std::string stat;
  if (!std::getline(in, stat)) return -1;
  const auto name_end = stat.rfind(')');
  if (name_end == std::string::npos) return -1;
  std::istringstream fields(stat.substr(name_end + 1));
  std::string state;
  int parent = 0, group = -1;
  fields >> state >> parent >> group;
  return fields ? group : -1;
}

bool holds_any(const fs::path& proc_dir, const std::set<std::string>& inodes) {
  std::error_code ec;
  for (fs::directory_iterator fd(proc_dir / "fd", ec), end; !ec && fd != end; fd.increment(ec)) {
    std::error_code link_ec;
    const std::string target = fs::read_symlink(fd->path(), link_ec).string();
    if (link_ec || target.rfind("socket:[", 0) != 0) continue;
    if (inodes.count(target.substr(8, target.size() - 9))) return true;
  }
  return false;
}

}  // namespace

bool group_listens_on(int group, int port) {
  std::set<std::string> inodes;
  const bool v4 = listening_inodes("/proc/net/tcp", port, inodes);
  const bool v6 = listening_inodes("/proc/net/tcp6", port, inodes);
  if (!v4 && !v6) return true;
  if (inodes.empty()) return false;
  std::error_code ec;
  for (fs::directory_iterator entry("/proc", ec), end; !ec && entry != end; entry.increment(ec)) {
    const std::string name = entry->path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (process_group(entry->path()) == group && holds_any(entry->path(), inodes)) return true;
  }
  return false;
}

}  // namespace rwchaos::harness
