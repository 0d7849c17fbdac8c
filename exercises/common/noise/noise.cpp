// Scheduling noise for the grader's stress runs (grader/src/stress.h).
//
// A lost wakeup or a check-then-act race needs another thread to act in a
// window a few instructions wide, and a quiet machine rarely lands there.
// The grader links a second test binary with this file and the linker's
// --wrap for the calls below (COURSE_NOISE_WRAPPED in
// exercises/cmake/course_exercise.cmake), so each such call made by the
// submission's or the tests' objects comes here first. Now and then a call
// is delayed, by a yield or a sleep of 1 to 1024 microseconds: before a lock
// (stretching the window between an unlocked check and the lock) and after
// an unlock (between releasing the state and what follows, a notify).
// std::condition_variable's wait and notify live in libstdc++ and are not
// reached; the locks and unlocks around them are.
//
// Which calls are delayed: the first calls of each thread nearly always,
// then fewer and fewer (call n with odds kEarlyCalls / (kEarlyCalls + n)),
// never fewer than kFloorPermille in a thousand. A thread that is just
// starting or stopping, where lost wakeups hide, is shaken hard; a thread
// that locks a hundred thousand times is not slowed much.
//
// A seed (not 0) turns the noise on; without one every call goes straight
// through. Under the grader the seed comes on the result channel, never in
// the environment: the harness reads it from the grader's hello before any
// constructor runs and hands it over through course_noise_seed() (weakly
// declared in exercises/common/channel/channel.h), so a stress binary's
// environment is the same as a normal one's. Each thread draws its
// decisions from a generator seeded by that seed and the thread's number
// (the order in which threads first reach a wrapped call), so a seed
// replays the same decisions. The operating system's own scheduling is not
// replayed: a replay makes the same failure likely, not certain.
//
// For the course's own test of this library (noise_test.cpp, which has no
// grader) and for measuring, the environment may carry COURSE_NOISE_SEED,
// and COURSE_NOISE_PERMILLE, COURSE_NOISE_EARLY and COURSE_NOISE_SLEEP_US
// override the floor, the early calls and the longest sleep; the grader
// sets none of them. They are read once, before any constructor runs.
// The wrappers run before main, in every thread and inside the submission's
// own locking, so they allocate nothing, take no lock and print nothing.
#include <pthread.h>
#include <sched.h>
#include <time.h>

#include <cstdint>
#include <cstring>

extern "C" {
int __real_pthread_mutex_lock(pthread_mutex_t* mutex);
int __real_pthread_mutex_trylock(pthread_mutex_t* mutex);
int __real_pthread_mutex_unlock(pthread_mutex_t* mutex);
int __real_pthread_cond_signal(pthread_cond_t* cond);
int __real_pthread_cond_broadcast(pthread_cond_t* cond);
}

namespace {

// Measured on the course's corpus (README.md, "Stress runs").
constexpr std::uint64_t kFloorPermille = 20;
constexpr std::uint64_t kEarlyCalls = 64;
constexpr std::uint64_t kLongestSleepMicros = 1024;

// Written once by ReadSettings, before main and before any thread exists.
struct Settings {
  bool on = false;
  std::uint64_t seed = 0;
  std::uint64_t floor_permille = kFloorPermille;
  std::uint64_t early_calls = kEarlyCalls;
  std::uint64_t longest_sleep = kLongestSleepMicros;
};
Settings g_settings;
unsigned g_threads_seen = 0;  // only ever touched by __atomic builtins

struct ThreadNoise {
  bool started = false;
  bool busy = false;  // inside a pause: a call made from here goes straight through
  std::uint64_t calls = 0;
  std::uint64_t state = 0;   // xorshift64*, never 0 once started
  std::uint64_t delays = 0;  // for course_noise_trace()
  std::uint64_t trace = 0;
};
thread_local ThreadNoise t_noise;

// The value of `entry` ("NAME=digits") as a number when it is variable
// `name`, blanking the digits in place: /proc/self/environ shows this memory.
bool take_number(char* entry, const char* name, std::uint64_t& out) {
  std::size_t n = std::strlen(name);
  if (std::strncmp(entry, name, n) != 0 || entry[n] != '=') return false;
  char* value = entry + n + 1;
  std::uint64_t number = 0;
  bool digits = *value != '\0';
  for (const char* c = value; *c != '\0'; ++c) {
    if (*c < '0' || *c > '9') digits = false;
    else number = number * 10 + static_cast<std::uint64_t>(*c - '0');
  }
  std::memset(value, 0, std::strlen(value));
  if (digits) out = number;
  return digits;
}

void read_settings(int, char**, char** envp) {
  for (char** e = envp; *e != nullptr; ++e) {
    std::uint64_t seed = 0;
    if (take_number(*e, "COURSE_NOISE_SEED", seed) && seed != 0) {
      g_settings.on = true;
      g_settings.seed = seed;
    }
    take_number(*e, "COURSE_NOISE_PERMILLE", g_settings.floor_permille);
    take_number(*e, "COURSE_NOISE_EARLY", g_settings.early_calls);
    take_number(*e, "COURSE_NOISE_SLEEP_US", g_settings.longest_sleep);
  }
  if (g_settings.floor_permille > 1000) g_settings.floor_permille = 1000;
  if (g_settings.early_calls > 1000000) g_settings.early_calls = 1000000;
  if (g_settings.longest_sleep < 1) g_settings.longest_sleep = 1;
  if (g_settings.longest_sleep > 1000000) g_settings.longest_sleep = 1000000;
}

// .preinit_array runs before every constructor, the submission's included.
__attribute__((section(".preinit_array"), used)) void (*const kReadSettings)(int, char**, char**) = read_settings;

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

std::uint64_t next(ThreadNoise& noise) {
  std::uint64_t x = noise.state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  noise.state = x;
  return x * 0x2545f4914f6cdd1dull;
}

std::uint64_t odds_permille(const ThreadNoise& noise) {
  const Settings& s = g_settings;
  std::uint64_t early = s.early_calls == 0 ? 0 : 1000 * s.early_calls / (s.early_calls + noise.calls);
  return early > s.floor_permille ? early : s.floor_permille;
}

// Half the delays give the core away (another runnable thread goes now),
// half sleep, the length spread evenly over the powers of two up to the
// longest sleep, so that short and long windows are both stretched.
void delay(std::uint64_t draw) {
  if ((draw & 1) == 0) {
    sched_yield();
    return;
  }
  const std::uint64_t longest = g_settings.longest_sleep;
  unsigned bits = 0;
  while ((std::uint64_t{2} << bits) <= longest) ++bits;
  std::uint64_t micros = std::uint64_t{1} << ((draw >> 1) % (bits + 1));
  micros += micros * ((draw >> 8) % 64) / 64;
  if (micros > longest) micros = longest;
  timespec pause{static_cast<time_t>(micros / 1000000), static_cast<long>(micros % 1000000 * 1000)};
  nanosleep(&pause, nullptr);
}

void maybe_pause() {
  if (!g_settings.on) return;
  ThreadNoise& noise = t_noise;
  if (noise.busy) return;
  noise.busy = true;
  if (!noise.started) {
    std::uint64_t thread = __atomic_fetch_add(&g_threads_seen, 1u, __ATOMIC_RELAXED);
    noise.state = splitmix64(g_settings.seed ^ splitmix64(thread + 1)) | 1;
    noise.started = true;
  }
  std::uint64_t draw = next(noise);
  if (draw % 1000 < odds_permille(noise)) {
    ++noise.delays;
    noise.trace = splitmix64(noise.trace ^ (noise.calls << 1 ^ (draw / 1000 & 1)));
    delay(draw / 1000);
  }
  ++noise.calls;
  noise.busy = false;
}

}  // namespace

extern "C" {

int __wrap_pthread_mutex_lock(pthread_mutex_t* mutex) {
  maybe_pause();
  return __real_pthread_mutex_lock(mutex);
}

int __wrap_pthread_mutex_trylock(pthread_mutex_t* mutex) {
  maybe_pause();
  return __real_pthread_mutex_trylock(mutex);
}

int __wrap_pthread_mutex_unlock(pthread_mutex_t* mutex) {
  int result = __real_pthread_mutex_unlock(mutex);
  maybe_pause();
  return result;
}

// Only calls compiled into the program reach these (a submission's own
// pthread_cond_signal); std::condition_variable's go straight through.
int __wrap_pthread_cond_signal(pthread_cond_t* cond) {
  maybe_pause();
  return __real_pthread_cond_signal(cond);
}

int __wrap_pthread_cond_broadcast(pthread_cond_t* cond) {
  maybe_pause();
  return __real_pthread_cond_broadcast(cond);
}

// The grader's noise seed, from the harness (channel.h) before any
// constructor runs and before any thread exists; 0 leaves the noise off.
void course_noise_seed(std::uint64_t seed) {
  if (seed == 0) return;
  g_settings.on = true;
  g_settings.seed = seed;
}

// For the course's own test of replays (noise_test.cpp): how many of this
// thread's calls were delayed, and a hash of which ones and how.
void course_noise_trace(std::uint64_t* delays, std::uint64_t* trace) {
  *delays = t_noise.delays;
  *trace = t_noise.trace;
}

}  // extern "C"
