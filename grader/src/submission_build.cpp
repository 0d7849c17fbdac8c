#include "submission_build.h"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include "banned_constructs.h"
#include "compiled_sources.h"
#include "grading_error.h"
#include "preprocessed_scan.h"
#include "process_limits.h"
#include "sandbox.h"
#include "subprocess.h"
#include "symbol_check.h"
#include "text_files.h"

namespace grader {
namespace fs = std::filesystem;
namespace {

// What every step of a build sees: the student's sources (at
// compiled_sources_dir(), compiled_sources.h) and the public headers, and it
// writes only the build directory: nothing the compiler could embed
// (`asm(".incbin")`) but what the student may read anyway.
SandboxSpec build_sandbox(const BuildTarget& target, const fs::path& sources_dir, const fs::path& build_dir) {
  SandboxSpec spec;
  if (fs::path compiled = compiled_sources_dir(sources_dir); compiled != sources_dir)
    spec.read_only_at.emplace_back(sources_dir, compiled);
  else spec.read_only.push_back(sources_dir);
  for (const auto& dir : target.include_dirs) spec.read_only.push_back(dir);
  spec.writable.push_back(build_dir);
  return spec;
}

// The compile cache (toolchain.h), when there is one and its directory can
// be made; else none, and every object is compiled.
//
// Why a cached object is safe to link into a submission:
// - The cache is written by ccache and the compiler only, never by the
//   submission's code: its directory is bound (writable) into the compile
//   sandbox alone, where nothing the student wrote runs, only ccache, g++
//   and as. The sandboxes that run student code (tests, benchmark, stress)
//   and the link and symbol-check steps never see it.
// - An entry is found by the hash of what it was compiled from, so a
//   compile that stores a crafted object can only store it under its own
//   inputs: it is what any compile of those inputs produces. Reading an
//   entry (`#include`, `.incbin`) needs its name, the hash of sources the
//   reader would need to have already; the compiler lists no directory.
// - It hits only on the same object: the compile is handed the preprocessed
//   text (the .ii the scan read), so the key is that text itself: a header
//   added, edited or shadowing another, a __has_include, a -D, all change
//   it. Direct mode stays off (its manifest of header hashes misses a
//   header that newly shadows another, should a rule compile sources),
//   no sloppiness, no base directory (the absolute paths the object's
//   debug information and __FILE__ hold are in the key), and the
//   compiler's identity and every flag hashed. CCACHE_CONFIGPATH=/dev/null
//   and these variables pin it whatever a ccache.conf says.
// - Those paths are the same for everyone: the sources are compiled at
//   /submission (compiled_sources.h), and the build directory is left out:
//   the object's DW_AT_comp_dir is mapped to "." (-fdebug-prefix-map;
//   -fno-working-directory keeps it out of the preprocessed text), and
//   nothing in it is relative to it (the sources and include directories
//   are absolute). So the same file compiles to the same object whoever
//   submitted it and wherever it lies; a hit is what this compile would
//   have produced, byte for byte.
// ccache itself refuses to cache a file that uses `.incbin` (what it embeds
// is in no key). So a file is compiled once per cache: a regrade, the
// corpus (the reference's other files), a class's batch (the files
// students left as given) share it.
//
// One cache directory per user the compile sandbox runs as (uid-N): the
// grader gives a sandbox's writable directories to its user, and root
// inside a sandbox's user namespace cannot write what nobody owns, so two
// gradings sharing one directory as different users (a roster under a
// private directory runs as root, beside one that runs as nobody) would
// each take it from the other mid-compile.
CompileCache usable_cache(const BuildTarget& target, const fs::path& sources_dir, const fs::path& build_dir) {
  CompileCache cache = target.profile->compile_cache;
  std::error_code ec;
  if (cache.program.empty() || !fs::exists(cache.program, ec)) return {};
  // Without a sandbox, a submission's tests run as the grader's own user,
  // who could then write the cache: another student's objects must never
  // come from there, so nothing is cached.
  const SandboxSupport& support = sandbox_support();
  if (!support.available) return {};
  std::optional<SandboxUser> user = sandbox_user(build_sandbox(target, sources_dir, build_dir), support.plan);
  cache.dir /= "uid-" + std::to_string(user ? user->uid : geteuid());
  fs::create_directories(cache.dir, ec);
  if (ec || !fs::is_directory(cache.dir, ec)) return {};
  return cache;
}

// The compiler sees in addition the compile cache, when there is one.
SandboxSpec compile_sandbox(const BuildTarget& target, const fs::path& sources_dir, const fs::path& build_dir) {
  SandboxSpec spec = build_sandbox(target, sources_dir, build_dir);
  if (CompileCache cache = usable_cache(target, sources_dir, build_dir); !cache.program.empty())
    spec.writable.push_back(cache.dir);
  return spec;
}

// The linker sees in addition the very files it links (the course's
// archive, the noise archive, the libraries outside /usr), never their
// directories: the hidden tests' archive lies beside the public one.
SandboxSpec link_sandbox(const BuildTarget& target, const fs::path& sources_dir, const fs::path& build_dir) {
  SandboxSpec spec = build_sandbox(target, sources_dir, build_dir);
  spec.read_only.push_back(target.archive);
  if (!target.noise_archive.empty()) spec.read_only.push_back(target.noise_archive);
  for (const auto& library : target.profile->link_libraries) {
    fs::path path(library);
    if (path.is_absolute() && !path.string().starts_with("/usr/")) spec.read_only.push_back(path);
  }
  return spec;
}

std::string shell_quote(const std::string& s) {
  if (s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+=./,:") ==
      std::string::npos)
    return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Ninja paths escape '$', ' ' and ':' with '$'.
std::string ninja_path(const fs::path& p) {
  std::string out;
  for (char c : p.string()) {
    if (c == '$' || c == ' ' || c == ':') out += '$';
    out += c;
  }
  return out;
}

std::string join_quoted(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += " " + shell_quote(item);
  return out;
}

std::vector<fs::path> student_sources(const fs::path& dir) {
  std::vector<fs::path> sources;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".cpp") sources.push_back(entry.path());
  std::sort(sources.begin(), sources.end());
  return sources;
}

std::string object_of(const fs::path& source) { return "obj/" + source.stem().string() + ".o"; }
std::string preprocessed_of(const fs::path& source) { return "obj/" + source.stem().string() + ".ii"; }

// The constructs no macro may hide, in what the preprocessor made of the
// student's files (the compiler wrote it, bounded all the same).
std::vector<BannedUse> scan_preprocessed_sources(const std::vector<fs::path>& sources, const fs::path& sources_dir,
                                                 const fs::path& build_dir) {
  std::vector<BannedUse> found;
  std::string dir = compiled_sources_dir(sources_dir).string();
  if (!dir.empty() && dir.back() != '/') dir += '/';
  for (const auto& source : sources)
    for (auto& use : scan_preprocessed(read_file(build_dir / preprocessed_of(source), 256 << 20), dir)) {
      use.file = student_paths(use.file, sources_dir);
      found.push_back(std::move(use));
    }
  return found;
}

std::string ninja_file(const std::string& compiler, const BuildTarget& target, const fs::path& sources_dir,
                       const fs::path& build_dir, const std::vector<fs::path>& sources) {
  const fs::path compiled = compiled_sources_dir(sources_dir);
  std::vector<std::string> cflags = target.profile->compile_flags;
  for (const auto& dir : target.include_dirs) cflags.push_back("-I" + dir.string());
  cflags.push_back("-I" + compiled.string());

  // The compile cache's settings (usable_cache() says why they are safe).
  std::string launcher, cache_flags;
  if (CompileCache cache = usable_cache(target, sources_dir, build_dir); !cache.program.empty()) {
    cache_flags = "-fno-working-directory " + shell_quote("-fdebug-prefix-map=" + build_dir.string() + "=.");
    launcher = "CCACHE_DIR=" + shell_quote(cache.dir.string()) +
               " CCACHE_CONFIGPATH=/dev/null CCACHE_NODIRECT=1 CCACHE_NODEPEND=1 CCACHE_HASHDIR=1"
               " CCACHE_SLOPPINESS= CCACHE_BASEDIR= CCACHE_REMOTE_STORAGE= CCACHE_MAXSIZE=2G " +
               shell_quote(cache.program.string());
  }

  std::ostringstream n;
  n << "# Generated by the grader for every run; edits are overwritten.\n"
    << "cxx = " << shell_quote(compiler) << "\n"
    << "launcher = " << launcher << "\n"
    << "cache_flags = " << cache_flags << "\n"
    << "cflags =" << join_quoted(cflags) << "\n"
    << "archive = " << shell_quote(target.archive.string()) << "\n"
    << "ldflags =" << join_quoted(target.profile->link_flags) << "\n"
    << "libs =" << join_quoted(target.profile->link_libraries)
    << "\n\n"
    // What the preprocessor made of each file, every macro expanded: where
    // the grader looks for constructs no macro may hide (preprocessed_scan.h),
    // and what is compiled: what was scanned is what is compiled, and each
    // file is preprocessed once (a compile-cache hit then hashes the text:
    // 0.04-0.17 s a file, against 0.3-1.8 s preprocessing it again). The
    // cache flags are the preprocessor's too: -fno-working-directory keeps
    // the build directory out of the text.
    << "rule cpp\n"
    << "  command = $cxx $cflags $cache_flags -fdiagnostics-color=never -MMD -MF $out.d -E $in -o $out\n"
    << "  depfile = $out.d\n  deps = gcc\n  description = preprocess $in\n\n"
    << "rule cxx\n"
    << "  command = $launcher $cxx $cflags $cache_flags -fdiagnostics-color=never -c $in -o $out\n"
    << "  description = compile $in\n\n"
    // The course's archive first: its .preinit_array entry (the result
    // channel, exercises/common/test_main.cpp) must run before a submission's.
    << "rule link\n"
    << "  command = $cxx -Wl,--whole-archive $archive -Wl,--no-whole-archive $in $libs $ldflags -o $out\n"
    << "  description = link $out\n\n";
  std::string objects;
  for (const auto& src : sources) {
    std::string obj = object_of(src);
    const fs::path seen = compiled / src.filename();
    n << "build " << preprocessed_of(src) << ": cpp " << ninja_path(seen) << "\n";
    n << "build " << obj << ": cxx " << preprocessed_of(src) << "\n";
    objects += " " + obj;
  }
  n << "build " << target.binary_name << ": link" << objects << " | " << ninja_path(target.archive) << "\n"
    << "default " << target.binary_name << "\n";
  if (!target.noise_archive.empty()) {
    // Not a default target: linked only when stress runs are asked for.
    n << "\nnoise = " << shell_quote(target.noise_archive.string()) << "\n"
      << "noise_ldflags =" << join_quoted(target.noise_link_flags) << "\n"
      << "rule link_noise\n"
      << "  command = $cxx -Wl,--whole-archive $archive $noise -Wl,--no-whole-archive $in $libs $ldflags "
         "$noise_ldflags -o $out\n"
      << "  description = link $out\n"
      << "build " << target.binary_name << "_stress: link_noise" << objects << " | " << ninja_path(target.archive)
      << " " << ninja_path(target.noise_archive) << "\n";
  }
  return n.str();
}

constexpr std::size_t kMaxLog = 16 << 20;

// Runs ninja on the build directory (its default targets, or
// `ninja_targets`) in `sandbox`, and says in `result` how it went.
void run_ninja(const fs::path& sources_dir, const fs::path& build_dir, std::chrono::seconds time_limit,
               const std::vector<std::string>& ninja_targets, const SandboxSpec& sandbox, BuildResult& result) {
  ProcessSpec spec;
  spec.argv = {"ninja", "-C", build_dir.string(), "-k", "0"};
  spec.argv.insert(spec.argv.end(), ninja_targets.begin(), ninja_targets.end());
  spec.stdout_file = result.log_file;
  spec.env = {{"LC_ALL", "C"}};  // plain ASCII quotes in diagnostics, whatever the student's locale
  spec.timeout = time_limit;
  spec.max_memory_kib = kBuildLimits.memory_kib;
  spec.max_processes = kBuildLimits.processes;
  spec.sandbox = sandbox;
  ToolRun tool =
      run_tool(spec, {.max_log_bytes = kMaxLog, .hint = ". Install Ninja (Debian: apt-get install ninja-build)."});
  const ProcessResult& run = tool.process;
  result.wall += run.wall;
  if (!run.started) throw GradingError(tool.missing);

  result.ok = run.exit_code == 0;
  if (!run.limit_exceeded.empty()) {
    result.ok = false;
    result.problem = "the build used more than " + std::to_string(kBuildLimits.memory_kib >> 20) +
                     " GB of memory and was stopped (deep template recursion or a huge constant?)";
  } else if (run.timed_out) {
    result.problem = "the build took longer than " + std::to_string(time_limit.count()) +
                     " s and was stopped (deep template recursion or a huge include?)";
  } else if (!result.ok) {
    result.error = first_error(tool.log, compiled_sources_dir(sources_dir).string());
    if (result.error) {
      result.error->file = student_paths(result.error->file, sources_dir);
      result.error->message = student_paths(result.error->message, sources_dir);
      result.error->excerpt = student_paths(result.error->excerpt, sources_dir);
    } else {
      result.problem = "the build failed; see " + result.log_file.string();
    }
  }
  // The log a student opens names their own files (the compiler saw them
  // at /submission); a log cut at the cap stays as the compiler wrote it.
  if (std::string mapped = student_paths(tool.log, sources_dir); mapped != tool.log && tool.log.size() < kMaxLog)
    write_atomically(result.log_file, mapped);
}

std::string fmt_more(std::size_t n) {
  return " (and " + std::to_string(n) + " more refusal" + (n == 1 ? "" : "s") + " of the same kind: see " +
         "symbols/ in the build directory)";
}

// Compiles the student's objects (ninja's object targets only) and checks
// what they reference and define (symbol_check.h) before anything links
// them. Ok in `result` when both went well; a refusal is its error, with
// the student's file and line.
void compile_and_check(const BuildTarget& target, const fs::path& sources_dir, const fs::path& build_dir,
                       std::chrono::seconds time_limit, BuildResult& result) {
  auto sources = student_sources(sources_dir);
  std::vector<std::string> objects;
  std::vector<std::pair<fs::path, fs::path>> to_check;
  for (const auto& source : sources) {
    objects.push_back(object_of(source));
    objects.push_back(preprocessed_of(source));
    to_check.emplace_back(build_dir / object_of(source), source);
  }
  run_ninja(sources_dir, build_dir, time_limit, objects, compile_sandbox(target, sources_dir, build_dir), result);
  if (!result.ok) return;
  if (auto hidden = scan_preprocessed_sources(sources, sources_dir, build_dir); !hidden.empty()) {
    result.ok = false;
    result.error = Diagnostic{hidden.front().file, hidden.front().line, hidden.front().message, ""};
    return;
  }
  auto started = std::chrono::steady_clock::now();
  std::vector<SymbolRefusal> refused =
      check_objects(to_check, build_dir / "symbols", build_sandbox(target, sources_dir, build_dir));
  result.wall += std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  if (refused.empty()) return;
  const SymbolRefusal& first = refused.front();
  std::string message = describe_refusal(first, first.demangled.empty() ? first.symbol : first.demangled);
  if (refused.size() > 1) message += fmt_more(refused.size() - 1);
  result.ok = false;
  result.error = Diagnostic{first.source, first.line, message, ""};
}

}  // namespace

BuildResult build_submission(const std::string& compiler, const BuildTarget& target, const fs::path& sources_dir,
                             const fs::path& build_dir, std::chrono::seconds time_limit) {
  BuildResult result;
  result.log_file = build_dir / "build.log";
  if (!fs::is_directory(sources_dir)) {
    result.problem = "the directory " + sources_dir.string() + " is missing";
    return result;
  }
  auto sources = student_sources(sources_dir);
  for (const auto& source : sources)
    if (fs::is_symlink(source)) {
      // A link could point at the reference; only files written here count.
      result.error = Diagnostic{source.string(), 0,
                                "this .cpp file is a symbolic link: submit the file itself, not a link to it", ""};
      return result;
    }
  if (sources.empty()) {
    result.problem = "there is no .cpp file in " + sources_dir.string();
    return result;
  }
  if (auto banned = find_banned_constructs(sources); !banned.empty()) {
    const BannedUse& first = banned.front();
    result.error = Diagnostic{first.file, first.line, first.message, ""};
    return result;
  }
  if (!fs::exists(target.archive))
    throw GradingError("the course's archive " + target.archive.string() +
                       " is missing: run `make check` (it builds it) rather than the grader alone.");

  fs::create_directories(build_dir);
  write_if_changed(build_dir / "build.ninja", ninja_file(compiler, target, sources_dir, build_dir, sources));

  result.binary = build_dir / target.binary_name;
  compile_and_check(target, sources_dir, build_dir, time_limit, result);
  if (!result.ok) return result;
  run_ninja(sources_dir, build_dir, time_limit, {}, link_sandbox(target, sources_dir, build_dir), result);
  return result;
}

BuildResult link_noise_binary(const BuildTarget& target, const fs::path& sources_dir, const fs::path& build_dir,
                              std::chrono::seconds time_limit) {
  BuildResult result;
  result.log_file = build_dir / "build_stress.log";
  if (target.noise_archive.empty()) {
    result.problem = "this build of the course has no noise library";
    return result;
  }
  if (!fs::exists(target.noise_archive))
    throw GradingError("the course's noise library " + target.noise_archive.string() +
                       " is missing: run `make check` (it builds it) rather than the grader alone.");
  result.binary = build_dir / (target.binary_name + "_stress");
  // The objects are those build_submission() checked; checked again all
  // the same (it costs a few ms), so no link of student code skips it.
  compile_and_check(target, sources_dir, build_dir, time_limit, result);
  if (!result.ok) return result;
  run_ninja(sources_dir, build_dir, time_limit, {target.binary_name + "_stress"},
            link_sandbox(target, sources_dir, build_dir), result);
  return result;
}

}  // namespace grader
