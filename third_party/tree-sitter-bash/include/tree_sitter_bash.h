// Declaration of the tree-sitter-bash language (npm tree-sitter-bash, compiled as target ts_bash).
#pragma once

#include <tree_sitter/api.h>

#ifdef __cplusplus
extern "C" {
#endif

const TSLanguage* tree_sitter_bash(void);

#ifdef __cplusplus
}
#endif
