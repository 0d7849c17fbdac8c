// `grader batch` on the command line: its options (batch.h says what it does).
#pragma once

#include "batch.h"
#include "command.h"

namespace CLI {
class App;
}

namespace grader {

// Adds the `batch` subcommand, parsing into `command` (which must outlive
// the app); the Command runs run_batch on it.
Command add_batch_command(CLI::App& app, BatchCommand& command);

}  // namespace grader
