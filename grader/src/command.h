// One subcommand of the grader's command line. Every subcommand is
// registered and run the same way: its add_*_command() registers its
// options with CLI11 (doing no work there), main() parses the whole
// command line, then calls the parsed subcommand's `run`, and maps what it
// throws to words and an exit status in one place (cli/run_command.h).
#pragma once

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace grader {

struct Command {
  CLI::App* cli = nullptr;   // the subcommand, owned by the application it was added to
  std::string doing;         // what "grader: cannot DOING: ..." says it could not do
  std::function<int()> run;  // the exit status; throws GradingError when it cannot run
};

}  // namespace grader
