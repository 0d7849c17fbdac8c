# Thin wrapper over CMake presets and the grader. Everything real lives in
# CMakeLists.txt, CMakePresets.json and grader/.
#
#   make check                      grade solutions/ (every exercise)
#   make check EXERCISE=01          grade one exercise
#   make check SUBMISSION=reference grade another directory laid out like solutions/
#   make check STRESS=0             no stress runs (STRESS=N: N more runs of each passing test under noise)
#   make check STRESS_SEED=S        replay the scheduling noise a failure under noise names
#   make demo EXERCISE=01           build and run the exercise's demo on your solution
#   make test                       the course's own tests (grader, corpus, references):
#                                   the quick ones first, so a broken tree fails in minutes
#   make test-quick                 only those (ctest -L quick: unit, rubric, lint, a few corpus cases)
#   make deps                       install the Debian/Ubuntu packages (asks sudo if needed)

SHELL      := /bin/bash
.SHELLFLAGS := -o pipefail -c

PRESET     ?= default
BUILD      := build/$(if $(filter default,$(PRESET)),dev,$(PRESET))
SUBMISSION ?= solutions
EXERCISE   ?=
GRADER     := $(BUILD)/grader/grader

.PHONY: check test test-quick grader demo deps configure

check: grader
	@$(GRADER) grade --submission $(SUBMISSION) $(if $(EXERCISE),--exercise $(EXERCISE)) \
	  $(if $(STRESS),--stress $(STRESS)) $(if $(STRESS_SEED),--stress-seed $(STRESS_SEED)) \
	  --json build/check/report.json --html build/check/report.html

test: test-quick
	ctest --preset $(PRESET) -LE quick $(CTEST_ARGS)

test-quick: configure
	cmake --build --preset $(PRESET)
	ctest --preset $(PRESET) -L quick $(CTEST_ARGS)

grader: configure
	@cmake --build --preset $(PRESET) --target grading_inputs | { grep -vE '^ninja: no work to do|Re-checking globbed' || true; }
	@test -x $(GRADER) || { echo "the grader did not build: see the errors above"; exit 2; }

demo: configure
	@test -n "$(EXERCISE)" || { echo "say which exercise: make demo EXERCISE=01"; exit 2; }
	cmake --build --preset $(PRESET) --target ex$(EXERCISE)_demo
	$(BUILD)/exercises/$(EXERCISE)_*/ex$(EXERCISE)_demo

deps:
	.ci/deps

configure:
	@test -f $(BUILD)/build.ninja || cmake --preset $(PRESET) >/dev/null || \
	  { echo "CMake could not configure the course: run 'make deps' first"; exit 2; }
