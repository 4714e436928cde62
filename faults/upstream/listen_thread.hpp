#pragma once
// An httplib server's accept loop on its own thread, for the servers that bind first and then
// listen (the upstream's control API, the reference sender's admin server).
#include <thread>

#include <httplib.h>

namespace rwchaos::faults {

// Starts listen_after_bind() on a new thread and returns it once the loop runs (at most 10 s):
// httplib's stop() does nothing before that, so a stop() right after start would hang the join.
std::thread listen_in_background(httplib::Server& server);

}  // namespace rwchaos::faults
