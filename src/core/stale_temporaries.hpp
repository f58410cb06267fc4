// Temporaries beside an output carry their writer's process id, so that the next run of the
// same target can remove those of runs killed too hard to clean up (SIGKILL, power loss).
#pragma once

#include <string>
#include <string_view>

namespace oncoshare::core {

// A mkstemp/mkdtemp template beside `target`: ".NAME.<kind>-<pid>-XXXXXX".
[[nodiscard]] std::string temporary_template(const std::string& target, std::string_view kind);

// Removes ".NAME.tmp-*", ".NAME.tmpdir-*" and ".NAME.old-*" beside `target` whose writer has
// ended. A live writer's temporaries (kill(pid, 0) succeeds or is not permitted) stay. If
// the target is missing, an earlier output a killed run had set aside (".old") is put back
// rather than removed. Best effort: failures leave the temporaries where they are.
void remove_stale_temporaries(const std::string& target);

}  // namespace oncoshare::core
