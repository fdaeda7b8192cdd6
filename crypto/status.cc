#include "crypto/status.h"

namespace fieldvault {

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: return "invalid argument";
    case StatusCode::kNotFound: return "not found";
    case StatusCode::kAlreadyExists: return "already exists";
    case StatusCode::kFailedPrecondition: return "failed precondition";
    case StatusCode::kCorruption: return "corruption";
    case StatusCode::kAuthFailed: return "auth failed";
    case StatusCode::kIoError: return "i/o error";
    case StatusCode::kUnsupported: return "unsupported";
  }
  return "unknown";
}

Status Status::InvalidArgument(std::string m) {
  return Status(StatusCode::kInvalidArgument, std::move(m));
}
Status Status::NotFound(std::string m) {
  return Status(StatusCode::kNotFound, std::move(m));
}
Status Status::AlreadyExists(std::string m) {
  return Status(StatusCode::kAlreadyExists, std::move(m));
}
Status Status::FailedPrecondition(std::string m) {
  return Status(StatusCode::kFailedPrecondition, std::move(m));
}
Status Status::Corruption(std::string m) {
  return Status(StatusCode::kCorruption, std::move(m));
}
Status Status::AuthFailed(std::string m) {
  return Status(StatusCode::kAuthFailed, std::move(m));
}
Status Status::IoError(std::string m) {
  return Status(StatusCode::kIoError, std::move(m));
}
Status Status::Unsupported(std::string m) {
  return Status(StatusCode::kUnsupported, std::move(m));
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  Status copy = *this;
  copy.message_ = std::string(context) + ": " + message_;
  return copy;
}

Status Status::WithHint(std::string hint) const {
  Status copy = *this;
  copy.hint_ = std::move(hint);
  return copy;
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(StatusCodeName(code_)) + ": " + message_;
}

}  // namespace fieldvault
