// The Dockerfile language for the tree-sitter runtime, generated into
// grammar/src/parser.c by our own generator (grammar/generator).
#pragma once

#include <tree_sitter/api.h>

#ifdef __cplusplus
extern "C" {
#endif

const TSLanguage *tree_sitter_dockerfile(void);

#ifdef __cplusplus
}
#endif
