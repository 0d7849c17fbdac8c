// For grader/layering_check_can_fail: a core file that breaks the layering.
#include "gradebook.h"
