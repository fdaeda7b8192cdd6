#include "crypto/stream_threads.h"

#include <algorithm>
#include <cstring>

namespace fieldvault::crypto {

constexpr size_t kBuffers = kStreamThreadBuffers;

PipeSink::PipeSink(ByteSink& next) : next_(next) {
  for (auto& buffer : buffers_) buffer = SecretBytes(kStreamThreadBufferBytes);
  worker_ = std::thread([this] { Run(); });
}

PipeSink::~PipeSink() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  worker_.join();
}

Status PipeSink::Write(std::span<const uint8_t> bytes) {
  while (!bytes.empty()) {
    const size_t n = std::min(bytes.size(), kStreamThreadBufferBytes - filled_);
    std::memcpy(buffers_[filling_].MutableReveal().data() + filled_, bytes.data(), n);
    filled_ += n;
    bytes = bytes.subspan(n);
    if (filled_ == kStreamThreadBufferBytes) FV_RETURN_IF_ERROR(HandOver());
  }
  return Status::Ok();
}

// Queues the caller's buffer, then waits until the next one in the ring is
// no longer queued (at most kBuffers - 1 others are).
Status PipeSink::HandOver() {
  std::unique_lock lock(mutex_);
  if (filled_ > 0) {
    sizes_[filling_] = filled_;
    ++ready_;
    changed_.notify_all();
  }
  changed_.wait(lock, [this] { return ready_ < kBuffers || !error_.ok(); });
  filling_ = (head_ + ready_) % kBuffers;
  filled_ = 0;
  return error_;
}

Status PipeSink::Finish() {
  FV_RETURN_IF_ERROR(HandOver());
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return ready_ == 0; });
  return error_;
}

// The thread owns the queued buffers and `next_`; after an error it drops
// what is queued so that the caller never waits for it.
void PipeSink::Run() {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] { return ready_ > 0 || stopping_; });
    if (stopping_) return;
    const size_t index = head_;
    const bool failed = !error_.ok();
    lock.unlock();
    Status status = failed ? Status::Ok()
                           : next_.Write(buffers_[index].Reveal().first(sizes_[index]));
    lock.lock();
    if (!status.ok()) error_ = status;
    head_ = (head_ + 1) % kBuffers;
    --ready_;
    changed_.notify_all();
  }
}

PrefetchSource::PrefetchSource(ByteSource& in) : in_(in) {
  for (auto& buffer : buffers_) buffer = SecretBytes(kStreamThreadBufferBytes);
  worker_ = std::thread([this] { Run(); });
}

PrefetchSource::~PrefetchSource() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  worker_.join();
}

Result<size_t> PrefetchSource::Read(std::span<uint8_t> out) {
  if (out.empty()) return size_t{0};
  if (!holding_) {
    FV_ASSIGN_OR_RETURN(bool got, Acquire());
    if (!got) return size_t{0};
  }
  const size_t n = std::min(out.size(), sizes_[head_] - offset_);
  std::memcpy(out.data(), buffers_[head_].Reveal().data() + offset_, n);
  offset_ += n;
  if (offset_ == sizes_[head_]) Release();
  return n;
}

// Takes the oldest full buffer; false at the end of the stream.
Result<bool> PrefetchSource::Acquire() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return ready_ > 0 || ended_; });
  if (ready_ == 0) {
    if (!error_.ok()) return error_;
    return false;
  }
  holding_ = true;
  offset_ = 0;
  return true;
}

void PrefetchSource::Release() {
  {
    std::lock_guard lock(mutex_);
    head_ = (head_ + 1) % kBuffers;
    --ready_;
    holding_ = false;
  }
  changed_.notify_all();
}

// Fills one free buffer at a time with as much as `in` gives (short reads
// are gathered, so the caller sees few large buffers); the bytes read
// before an error are published before it.
void PrefetchSource::Run() {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [this] { return ready_ < kBuffers || stopping_; });
    if (stopping_) return;
    const size_t index = (head_ + ready_) % kBuffers;
    lock.unlock();
    std::span<uint8_t> buffer = buffers_[index].MutableReveal();
    size_t filled = 0;
    Status status = Status::Ok();
    while (filled < buffer.size()) {
      Result<size_t> n = in_.Read(buffer.subspan(filled));
      if (!n.ok()) status = n.status();
      if (!n.ok() || *n == 0) break;
      filled += *n;
    }
    lock.lock();
    sizes_[index] = filled;
    if (filled > 0) ++ready_;
    if (filled < buffer.size()) {
      ended_ = true;
      error_ = status;
    }
    changed_.notify_all();
    if (ended_) return;
  }
}

}  // namespace fieldvault::crypto
