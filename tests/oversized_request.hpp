// Sending a request whose body is over the node's limit. The node answers 413 as soon as it
// has read the headers and closes the connection; if the client is still sending the body,
// the close can reset the connection before the client reads the answer. That is a race of
// TCP on a loaded machine, not a missing refusal, so a broken connection is retried a few
// times: the 413 itself must still come back.
#pragma once

namespace oncoshare::test {

// `send()` once, then again while `broken(answer)`, at most 5 times in all.
template <class Send, class Broken>
auto send_oversized(Send send, Broken broken) {
  auto answer = send();
  for (int attempt = 1; attempt < 5 && broken(answer); ++attempt) answer = send();
  return answer;
}

}  // namespace oncoshare::test
