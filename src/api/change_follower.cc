#include "api/change_follower.h"

#include <algorithm>
#include <cstdio>

namespace hoshitori::api {

ChangeFollower::ChangeFollower(const std::string& db_url, service::ChainService& chain,
                               std::vector<int64_t> reporting)
    : db_url_(db_url), chain_(chain), reporting_(std::move(reporting)) {
  std::sort(reporting_.begin(), reporting_.end());
  chain_.SetCaching(false);
  PgChangeListener::Callbacks callbacks;
  callbacks.on_connected = [this] {
    if (++connections_ > 1) reporting_.clear();
    // Notices sent while not listening are lost: reload everything, then cache again.
    ReloadGraph();
    chain_.SetCaching(true);
    if (lost_reported_) std::fprintf(stderr, "listening for changes again\n");
    lost_reported_ = false;
  };
  callbacks.on_changes = [this](const std::set<std::string>&, const ChangeScope& scope) {
    chain_.Changed(scope);
    if (scope.graph()) {
      ReloadGraph();
      // Boards built from the previous graph after the first Changed are dropped too.
      chain_.Changed(scope);
    }
  };
  callbacks.reported_here = [this](int pid) {
    return std::binary_search(reporting_.begin(), reporting_.end(), int64_t{pid});
  };
  callbacks.on_lost = [this](const std::string& problem) {
    chain_.SetCaching(false);
    if (!lost_reported_)
      std::fprintf(stderr, "%s; caching nothing until it is back\n", problem.c_str());
    lost_reported_ = true;
  };
  listener_ = std::make_unique<PgChangeListener>(db_url_, std::move(callbacks));
}

ChangeFollower::~ChangeFollower() { listener_.reset(); }

bool ChangeFollower::Needed(const std::string& db_url) {
  return db_url.rfind("postgresql://", 0) == 0 || db_url.rfind("postgres://", 0) == 0;
}

void ChangeFollower::ReadBarrierThen(std::function<void(bool)> then, std::chrono::milliseconds timeout) {
  if (!chain_.caching()) return then(true);
  listener_->AwaitCommittedThen(timeout, [this, then = std::move(then)](bool passed) {
    then(passed || !chain_.caching());  // lost meanwhile: caching stopped with it
  });
}

void ChangeFollower::ReloadGraph() {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!store_) {
      auto opened = Store::Open(db_url_);
      if (!opened) {
        std::fprintf(stderr, "cannot reload the supply graph: %s\n",
                     opened.error().message.c_str());
        return;
      }
      store_ = std::move(opened).value();
    }
    const Status reloaded = chain_.Reload(*store_);
    if (reloaded) return;
    std::fprintf(stderr, "cannot reload the supply graph: %s\n", reloaded.error().message.c_str());
    store_.reset();  // a lost connection stays lost: open a new one
  }
}

}  // namespace hoshitori::api
