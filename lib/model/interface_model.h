#pragma once

// One interface of a log: routes each event to the PMKSA model (the two
// caches, lineage, flush judgement, PMKID proof: pmksa_model.h) and then to
// the connection tracker (attempts, offers, answers, re-authentications:
// connection_tracker.h), and passes what one needs of the other explicitly.
// Conclusions go to a ModelObserver; the model itself never prints.

#include <optional>
#include <string>
#include <vector>

#include "model/connection_tracker.h"
#include "model/line_ref.h"
#include "model/model_config.h"
#include "model/model_observer.h"
#include "model/pmksa_cache.h"
#include "model/pmksa_model.h"
#include "parse/event.h"

namespace roamreplay {

class InterfaceModel {
 public:
  InterfaceModel(std::string ifname, ModelObserver* observer, ModelConfig config = ModelConfig());

  /// Applies one event read from `line`.
  void Apply(const Event& event, const LineView& line);
  /// Ends the log: an attempt still open is reported as unfinished.
  void Finish();

  const std::string& ifname() const { return ifname_; }
  void set_ifname(std::string name);
  const PmksaCache& observed() const { return pmksa_.observed(); }
  const PmksaCache& reference() const { return pmksa_.reference(); }
  /// Entries the reference rule retired as stale, with why.
  const std::vector<StaleContext>& stale() const { return pmksa_.stale(); }
  /// Why the reference does not hold `entry` (nullptr if it does).
  const StaleContext* StaleFor(const PmksaEntry& entry) const { return pmksa_.StaleFor(entry); }
  int generations() const { return pmksa_.generations(); }
  const FlushEvidence& flush_evidence() const { return pmksa_.flush_evidence(); }
  /// The station's own address as last seen in the log.
  std::optional<MacAddress> own_address() const { return pmksa_.own_address(); }

 private:
  std::string ifname_;
  PmksaModel pmksa_;
  ConnectionTracker tracker_;
};

}  // namespace roamreplay
