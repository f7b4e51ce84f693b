// ByteReader: turns a fuzz input into the choices a structured target makes (how many edits,
// where, which fragment). Integers and flags are taken from the end of the input and strings
// from the front, so that mutating one rarely shifts the other. Exhausted input reads as zeros
// and empty strings: every input is valid. (Our own, so that the targets also build without
// clang, as the regression tests do.)
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

namespace whalesafe::fuzz {

class ByteReader {
 public:
  ByteReader(const uint8_t* data, std::size_t size) : data_(data), size_(size) {}

  std::size_t remaining() const { return size_; }

  // An integer in [low, high] (high >= low), from as many trailing bytes as the range needs.
  template <class T>
  T integer(T low, T high) {
    const uint64_t range = static_cast<uint64_t>(high) - static_cast<uint64_t>(low);
    uint64_t value = 0;
    for (uint64_t covered = 0; covered < range && size_ > 0; covered = (covered << 8) | 0xFF) {
      value = (value << 8) | data_[--size_];
    }
    if (range != UINT64_MAX) value %= range + 1;
    return static_cast<T>(static_cast<uint64_t>(low) + value);
  }

  bool flag() { return (integer<uint8_t>(0, 255) & 1) != 0; }

  // Up to `max_length` bytes from the front (the length is an integer read from the end).
  std::string string(std::size_t max_length) {
    const std::size_t length = std::min(integer<std::size_t>(0, max_length), size_);
    std::string out(reinterpret_cast<const char*>(data_), length);
    data_ += length;
    size_ -= length;
    return out;
  }

 private:
  const uint8_t* data_;
  std::size_t size_;
};

}  // namespace whalesafe::fuzz
