// Status and Result<T>: errors as values, shared by every layer.
//
// A Status is either OK or carries a code from a small fixed set, a message
// a monitor can understand, and an optional hint saying what to do next.
// Context is prepended as the error travels up ("import bundle: read
// manifest: ..."). Nothing here throws. Authentication failures inside the
// crypto layer all use kAuthFailed, whatever their cause (wrong passphrase,
// bad MAC, bad signature), so that no oracle leaks which check failed.
#ifndef FIELDVAULT_CRYPTO_STATUS_H_
#define FIELDVAULT_CRYPTO_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace fieldvault {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the caller's input is malformed
  kNotFound,            // a named thing does not exist
  kAlreadyExists,       // creating something that is already there
  kFailedPrecondition,  // the state does not allow the operation
  kCorruption,          // stored or received data is damaged
  kAuthFailed,          // wrong key or passphrase, bad MAC or signature
  kIoError,             // the operating system refused or failed
  kUnsupported,         // a version or feature this build does not know
};

// Returns a short lowercase name for `code`, e.g. "auth failed".
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string message);
  static Status NotFound(std::string message);
  static Status AlreadyExists(std::string message);
  static Status FailedPrecondition(std::string message);
  static Status Corruption(std::string message);
  static Status AuthFailed(std::string message);
  static Status IoError(std::string message);
  static Status Unsupported(std::string message);

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& hint() const { return hint_; }

  // Returns a copy whose message is "context: message". OK stays OK.
  Status WithContext(std::string_view context) const;
  // Returns a copy carrying `hint` (what the user can do about it).
  Status WithHint(std::string hint) const;

  // "auth failed: message" style text, for logs of tests and debugging.
  std::string ToString() const;

 private:
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string hint_;
};

// Either a value of type T or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(state_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(state_); }
  // The error; OK when this holds a value.
  Status status() const {
    return ok() ? Status::Ok() : std::get<Status>(state_);
  }

  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace fieldvault

#define FV_CONCAT_INNER_(a, b) a##b
#define FV_CONCAT_(a, b) FV_CONCAT_INNER_(a, b)

// Returns early from the enclosing function when `expr` is not OK.
#define FV_RETURN_IF_ERROR(expr)                       \
  do {                                                 \
    ::fieldvault::Status fv_status_ = (expr);          \
    if (!fv_status_.ok()) return fv_status_;           \
  } while (0)

// Same, adding "context: " in front of the error message.
#define FV_RETURN_IF_ERROR_CTX(expr, context)                       \
  do {                                                              \
    ::fieldvault::Status fv_status_ = (expr);                       \
    if (!fv_status_.ok()) return fv_status_.WithContext(context);   \
  } while (0)

// `lhs = value of expr`, or return its error. lhs may be a declaration.
#define FV_ASSIGN_OR_RETURN(lhs, expr) \
  FV_ASSIGN_OR_RETURN_IMPL_(FV_CONCAT_(fv_result_, __LINE__), lhs, expr)
#define FV_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return tmp.status();             \
  lhs = std::move(tmp).value()

#endif  // FIELDVAULT_CRYPTO_STATUS_H_
