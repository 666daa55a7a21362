/* placeholder: module under construction */
typedef int pp_placeholder_workspace;
