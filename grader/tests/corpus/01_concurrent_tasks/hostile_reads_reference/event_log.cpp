// Hostile on purpose: borrows the reference.
#include "@COURSE_ROOT@/reference/01_concurrent_tasks/event_log.cpp"
