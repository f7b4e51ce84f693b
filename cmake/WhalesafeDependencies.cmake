# System dependencies (Debian bookworm packages, installed by scripts/setup.sh).
# Provides:
#   whalesafe_tree_sitter   INTERFACE target: the tree-sitter runtime (libtree-sitter-dev 0.20.7)
#   fmt::fmt, nlohmann_json::nlohmann_json, Boost::headers, Threads::Threads,
#   yaml-cpp (catalog update: endoflife.date front matter; config files), OpenSSL::SSL (catalog update: HTTPS)
#   WHALESAFE_TREE_SITTER_ABI  the runtime's TREE_SITTER_LANGUAGE_VERSION (14)

set(_ws_setup_hint "Run ./scripts/setup.sh from the repository root to install the dependencies.")

# --- tree-sitter runtime ---------------------------------------------------------------------
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  # Debian's tree-sitter.pc carries a bogus "Version: 0.6.3": do not ask for a version.
  pkg_check_modules(TREE_SITTER QUIET IMPORTED_TARGET tree-sitter)
endif()

add_library(whalesafe_tree_sitter INTERFACE)
if(TARGET PkgConfig::TREE_SITTER)
  target_link_libraries(whalesafe_tree_sitter INTERFACE PkgConfig::TREE_SITTER)
  find_path(WHALESAFE_TREE_SITTER_INCLUDE_DIR tree_sitter/api.h HINTS ${TREE_SITTER_INCLUDE_DIRS})
else()
  find_path(WHALESAFE_TREE_SITTER_INCLUDE_DIR tree_sitter/api.h)
  find_library(WHALESAFE_TREE_SITTER_LIBRARY NAMES tree-sitter)
  if(NOT WHALESAFE_TREE_SITTER_INCLUDE_DIR OR NOT WHALESAFE_TREE_SITTER_LIBRARY)
    message(FATAL_ERROR "tree-sitter runtime (libtree-sitter-dev) not found. ${_ws_setup_hint}")
  endif()
  target_include_directories(whalesafe_tree_sitter INTERFACE "${WHALESAFE_TREE_SITTER_INCLUDE_DIR}")
  target_link_libraries(whalesafe_tree_sitter INTERFACE "${WHALESAFE_TREE_SITTER_LIBRARY}")
endif()

if(NOT WHALESAFE_TREE_SITTER_INCLUDE_DIR)
  message(FATAL_ERROR "tree_sitter/api.h not found. ${_ws_setup_hint}")
endif()
file(STRINGS "${WHALESAFE_TREE_SITTER_INCLUDE_DIR}/tree_sitter/api.h" _ws_abi_line
  REGEX "^#define TREE_SITTER_LANGUAGE_VERSION [0-9]+")
string(REGEX REPLACE ".* ([0-9]+)$" "\\1" WHALESAFE_TREE_SITTER_ABI "${_ws_abi_line}")
message(STATUS "whalesafe: tree-sitter runtime ABI ${WHALESAFE_TREE_SITTER_ABI}")

# --- header/library packages -----------------------------------------------------------------
foreach(_ws_pkg IN ITEMS "fmt;libfmt-dev" "nlohmann_json;nlohmann-json3-dev" "Boost;libboost-dev"
    "yaml-cpp;libyaml-cpp-dev" "OpenSSL;libssl-dev")
  list(GET _ws_pkg 0 _ws_name)
  list(GET _ws_pkg 1 _ws_deb)
  find_package(${_ws_name} QUIET)
  if(NOT ${_ws_name}_FOUND)
    message(FATAL_ERROR "${_ws_name} not found (Debian package ${_ws_deb}). ${_ws_setup_hint}")
  endif()
endforeach()
set(THREADS_PREFER_PTHREAD_FLAG ON)
find_package(Threads REQUIRED)
