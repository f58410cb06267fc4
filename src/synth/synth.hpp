// oncoshare synth: a deterministic synthetic multi-site cancer registry in REDCap form.
#pragma once
