#pragma once
// A port picked free (free_port) can be taken by another program before the child binds it; an HTTP
// probe then gets 200 from that program while the child fails its bind and exits. Readiness asks,
// from Linux's /proc, whether the child's own process group holds the listening socket.
namespace rwchaos::harness {

// Whether a process in process group `group` holds a listening TCP socket on `port` (any local
// address, IPv4 or IPv6). True when /proc/net/tcp cannot be read: nothing to check against.
bool group_listens_on(int group, int port);

}  // namespace rwchaos::harness
