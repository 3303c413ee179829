#pragma once

#include "model/interface_model.h"
#include "report/report.h"

namespace roamreplay {

/// Appends `model`'s observed and reference caches to `*snapshot`.
void AppendSnapshot(const InterfaceModel& model, CacheSnapshot* snapshot);

}  // namespace roamreplay
