// oncoshare models: federated regression on the study table. A formula becomes the same
// design columns on every site; each site turns its design and the current coefficients
// into a vector of sums; the coordinator needs only the sum over sites (secure
// aggregation) to run R's IRLS exactly. Baselines: FedAvg and consensus ADMM.
// See docs/models.md.
#pragma once

#include "models/baselines.hpp"
#include "models/design.hpp"
#include "models/formula.hpp"
#include "models/glm_driver.hpp"
#include "models/glm_family.hpp"
#include "models/glm_fit.hpp"
#include "models/glm_report.hpp"
#include "models/glm_site.hpp"
