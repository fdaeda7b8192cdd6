#include "core/bundle/record_lines.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "core/bundle/payload_importer.h"

namespace fieldvault::core::bundle {
namespace {

struct Prepared {
  uint64_t line = 0;
  Result<PreparedRecord> record;
};
using Batch = std::vector<Prepared>;

// Batches from the reading thread to the calling one. The reader blocks
// while kQueuedBatches wait; Stop() (the caller gave up) refuses every
// later batch, so the reader never waits for a caller that is gone.
class BatchQueue {
 public:
  // False once stopped: the reader should stop reading. Destroys, here,
  // the batches the caller is done with (Recycle).
  bool Push(Batch batch) {
    std::deque<Batch> spent;
    {
      std::lock_guard lock(mutex_);
      spent.swap(spent_);
    }
    spent.clear();
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return batches_.size() < kQueuedBatches || stopped_; });
    if (stopped_) return false;
    batches_.push_back(std::move(batch));
    changed_.notify_all();
    return true;
  }
  // After the last batch: how the reading ended.
  void Close(Status end) {
    std::lock_guard lock(mutex_);
    closed_ = true;
    end_ = std::move(end);
    changed_.notify_all();
  }
  // The next batch; false once the queue is closed and empty (then end()).
  bool Pop(Batch& batch) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return !batches_.empty() || closed_; });
    if (batches_.empty()) return false;
    batch = std::move(batches_.front());
    batches_.pop_front();
    changed_.notify_all();
    return true;
  }
  // Hands a batch the caller has applied back to the reading thread,
  // which allocated its records and so frees them faster (one malloc
  // arena, warm in its cache) and off the caller's thread.
  void Recycle(Batch batch) {
    std::lock_guard lock(mutex_);
    if (!closed_) spent_.push_back(std::move(batch));
  }
  void Stop() {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    batches_.clear();
    changed_.notify_all();
  }
  Status end() {
    std::lock_guard lock(mutex_);
    return end_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Batch> batches_;
  std::deque<Batch> spent_;  // applied, for the reader to free
  bool closed_ = false;
  bool stopped_ = false;
  Status end_ = Status::Ok();
};

Result<PreparedRecord> Prepare(std::string_view line, const std::string& where,
                               std::string_view type) {
  nlohmann::json json = nlohmann::json::parse(line, nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    return Status::Corruption(where + ": a line is not a JSON object");
  }
  Result<PreparedRecord> prepared = PrepareRecord(type, json);
  if (!prepared.ok()) return prepared.status().WithContext(where);
  return prepared;
}

// The reading thread: every line, prepared, in batches; then the end.
void ReadLines(crypto::ByteSource& content, const std::string& path,
               std::string_view type, size_t max_line_bytes, BatchQueue& queue) {
  uint64_t number = 0;
  Batch batch;
  Status read = ForEachLine(content, [&](std::string_view line) -> Status {
    ++number;
    const std::string where = path + " line " + std::to_string(number);
    batch.push_back({number, Prepare(line, where, type)});
    if (batch.size() < kBatchRecords) return Status::Ok();
    if (!queue.Push(std::exchange(batch, {}))) {
      return Status::FailedPrecondition("import stopped");
    }
    return Status::Ok();
  }, max_line_bytes);
  // Lines read before an error still go first: the caller meets them in
  // the same order as without this thread.
  if (!batch.empty()) queue.Push(std::move(batch));
  queue.Close(std::move(read));
}

}  // namespace

Status ForEachPreparedRecord(crypto::ByteSource& content, std::string_view path,
                             std::string_view type, size_t max_line_bytes,
                             const PreparedRecordFn& apply) {
  BatchQueue queue;
  const std::string path_text(path);
  std::thread reader([&] { ReadLines(content, path_text, type, max_line_bytes, queue); });
  Status status = Status::Ok();
  Batch batch;
  bool more = true;
  while (status.ok() && (more = queue.Pop(batch))) {
    for (Prepared& prepared : batch) {
      status = apply(prepared.line, prepared.record);
      if (!status.ok()) break;
    }
    queue.Recycle(std::exchange(batch, {}));
  }
  if (!more) status = queue.end();
  queue.Stop();
  reader.join();
  return status;
}

}  // namespace fieldvault::core::bundle
