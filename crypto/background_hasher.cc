#include "crypto/background_hasher.h"

namespace fieldvault::crypto {

BackgroundHasher::BackgroundHasher() : worker_([this] { Run(); }) {}

BackgroundHasher::~BackgroundHasher() {
  {
    std::unique_lock lock(mutex_);
    WaitIdle(lock);
    stopping_ = true;
  }
  changed_.notify_all();
  worker_.join();
}

void BackgroundHasher::Update(std::span<const uint8_t> bytes) {
  {
    std::unique_lock lock(mutex_);
    WaitIdle(lock);
    pending_ = bytes;
    busy_ = true;
  }
  changed_.notify_all();
}

Blake2b512 BackgroundHasher::Finish() {
  std::unique_lock lock(mutex_);
  WaitIdle(lock);
  return hasher_.Finish();
}

void BackgroundHasher::WaitIdle(std::unique_lock<std::mutex>& lock) {
  changed_.wait(lock, [this] { return !busy_; });
}

// The worker owns hasher_ while busy_ is set; the caller touches it only
// when idle, so the mutex orders every access.
void BackgroundHasher::Run() {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] { return busy_ || stopping_; });
    if (!busy_) return;
    std::span<const uint8_t> bytes = pending_;
    lock.unlock();
    hasher_.Update(bytes);
    lock.lock();
    busy_ = false;
    changed_.notify_all();
  }
}

}  // namespace fieldvault::crypto
