#pragma once

// A ModelObserver that forwards every call to two observers, the first one
// first: the rules and a second consumer of the same conclusions (the test
// harness) see one model run.

#include "model/model_observer.h"

namespace roamreplay {

class TeeObserver : public ModelObserver {
 public:
  TeeObserver(ModelObserver* first, ModelObserver* second) : a_(first), b_(second) {}

  void OnStaleSelection(std::string_view ifname, const Offer& offer,
                        const StaleContext& stale) override {
    a_->OnStaleSelection(ifname, offer, stale);
    b_->OnStaleSelection(ifname, offer, stale);
  }
  void OnOfferRefused(std::string_view ifname, const Offer& offer, RefusalSignal signal,
                      const LineRef& association, const LineRef& refusal) override {
    a_->OnOfferRefused(ifname, offer, signal, association, refusal);
    b_->OnOfferRefused(ifname, offer, signal, association, refusal);
  }
  void OnRoam(std::string_view ifname, RoamRecord&& roam) override {
    RoamRecord copy = roam;
    a_->OnRoam(ifname, std::move(copy));
    b_->OnRoam(ifname, std::move(roam));
  }
  void OnOfferWithdrawn(std::string_view ifname, const Offer& offer,
                        const LineRef& line) override {
    a_->OnOfferWithdrawn(ifname, offer, line);
    b_->OnOfferWithdrawn(ifname, offer, line);
  }
  void OnEntryAdded(std::string_view ifname, const PmksaEntry& entry) override {
    a_->OnEntryAdded(ifname, entry);
    b_->OnEntryAdded(ifname, entry);
  }
  void OnEntryRemoved(std::string_view ifname, const PmksaEntry& entry, std::string_view how,
                      const LineRef& line) override {
    a_->OnEntryRemoved(ifname, entry, how, line);
    b_->OnEntryRemoved(ifname, entry, how, line);
  }
  void OnEntryStale(std::string_view ifname, const PmksaEntry& entry,
                    const LineRef& line) override {
    a_->OnEntryStale(ifname, entry, line);
    b_->OnEntryStale(ifname, entry, line);
  }
  void OnEntryAtEnd(std::string_view ifname, const PmksaEntry& entry) override {
    a_->OnEntryAtEnd(ifname, entry);
    b_->OnEntryAtEnd(ifname, entry);
  }
  void OnPmkidVerified(std::string_view ifname, const PmksaEntry& entry) override {
    a_->OnPmkidVerified(ifname, entry);
    b_->OnPmkidVerified(ifname, entry);
  }
  void OnSignal(std::string_view ifname, const ModelSignal& signal) override {
    a_->OnSignal(ifname, signal);
    b_->OnSignal(ifname, signal);
  }
  void OnEntryValidated(std::string_view ifname, const PmksaEntry& entry,
                        const LineRef& line) override {
    a_->OnEntryValidated(ifname, entry, line);
    b_->OnEntryValidated(ifname, entry, line);
  }

 private:
  ModelObserver* a_;
  ModelObserver* b_;
};

}  // namespace roamreplay
