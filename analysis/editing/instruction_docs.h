// What an editor shows about the Dockerfile language itself: every instruction with its syntax,
// a short description and a snippet; the flags each instruction takes; the keys of
// `RUN --mount=`. Used by hover and completion (analysis/editing/), worded for whalesafe.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace whalesafe::editing {

struct FlagDoc {
  std::string_view name;   // without the dashes: "from", "mount"
  std::string_view value;  // placeholder for the value ("" for a boolean flag such as --link)
  std::string_view doc;
  std::span<const std::string_view> values = {};  // the values BuildKit accepts, when a closed set
};

struct InstructionDoc {
  std::string_view keyword;  // upper case: "COPY"
  std::string_view syntax;   // one or more forms, one per line
  std::string_view doc;      // what it does, in a few sentences (Markdown)
  // The body of a completion snippet after the keyword and a blank (LSP snippet syntax with
  // $1, ${2:placeholder}); clients without snippets get the keyword and a blank.
  std::string_view snippet;
  std::span<const FlagDoc> flags = {};
};

struct MountKeyDoc {
  std::string_view key;
  std::string_view doc;
  // The mount types that read the key ("" in the list: every type).
  std::span<const std::string_view> types;
  std::span<const std::string_view> values = {};
};

// Every instruction BuildKit knows, in the order of the Dockerfile reference.
std::span<const InstructionDoc> instruction_docs();
// The instruction with this keyword (any case), or nullptr.
const InstructionDoc* find_instruction_doc(std::string_view keyword);
// The flag `name` (without dashes, any case) of `instruction`, or nullptr.
const FlagDoc* find_flag_doc(const InstructionDoc& instruction, std::string_view name);

// The keys of `RUN --mount=...`.
std::span<const MountKeyDoc> mount_key_docs();
const MountKeyDoc* find_mount_key_doc(std::string_view key);
// Whether `key` applies to mounts of `type` (an empty or unknown type accepts every key).
bool mount_key_applies(const MountKeyDoc& key, std::string_view type);

// Markdown for hovers.
std::string instruction_markdown(const InstructionDoc& instruction);
std::string flag_markdown(const InstructionDoc& instruction, const FlagDoc& flag);
std::string mount_key_markdown(const MountKeyDoc& key);

}  // namespace whalesafe::editing
