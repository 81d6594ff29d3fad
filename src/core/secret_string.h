// A string that holds a secret (a key, a password, a token). It cannot be streamed or
// formatted, so it cannot end up in a log line or an error message by accident; reading it
// takes an explicit Reveal().
#pragma once

#include <string>
#include <utility>

namespace focusd {

class SecretString {
 public:
  SecretString() = default;
  explicit SecretString(std::string value) : value_(std::move(value)) {}
  ~SecretString() { Wipe(); }
  SecretString(const SecretString&) = default;
  SecretString& operator=(const SecretString&) = default;
  SecretString(SecretString&& o) noexcept : value_(std::move(o.value_)) {}
  SecretString& operator=(SecretString&& o) noexcept {
    Wipe();
    value_ = std::move(o.value_);
    return *this;
  }

  const std::string& Reveal() const { return value_; }
  bool empty() const { return value_.empty(); }

 private:
  void Wipe() {
    volatile char* p = value_.data();
    for (size_t i = 0; i < value_.size(); ++i) p[i] = 0;
  }
  std::string value_;
};

}  // namespace focusd
