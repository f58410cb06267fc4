// oncoshare analytics: the study dataset view over REDCap exports, query filters, local
// sufficient statistics (integer vectors, ready for secure::Encryptor) and the pooled
// maths on their sums: Kaplan-Meier with Greenwood CIs and medians, the log-rank test,
// and text / JSON / SVG rendering. See docs/analytics.md.
#pragma once

#include "analytics/derivations.hpp"
#include "analytics/distributions.hpp"
#include "analytics/filter.hpp"
#include "analytics/kaplan_meier.hpp"
#include "analytics/km_format.hpp"
#include "analytics/km_svg.hpp"
#include "analytics/local_stats.hpp"
#include "analytics/log_rank.hpp"
#include "analytics/study_loader.hpp"
#include "analytics/study_table.hpp"
#include "analytics/survival_counts.hpp"
