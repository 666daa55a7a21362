/* placeholder: module under construction */
typedef int pp_placeholder_output;
