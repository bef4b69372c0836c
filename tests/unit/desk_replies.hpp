#pragma once
// The desks answer through a Reply callback; these turn that into a value or a code.
#include <exception>
#include <functional>
#include <future>
#include <string>

#include "core/errors.hpp"

// Runs one desk call and waits for its reply; rethrows its error.
template <class T, class Call>
T await(Call call) {
  std::promise<T> promise;
  call([&](std::exception_ptr e, T value) {
    if (e)
      promise.set_exception(e);
    else
      promise.set_value(std::move(value));
  });
  return promise.get_future().get();
}

// The code of the DomainError `f` throws, or "(no error)".
inline std::string code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const votercast::core::DomainError& e) {
    return e.code;
  }
  return "(no error)";
}
