// Hostile: slow real code, and a table of answers for the benchmark's input.
//
// The benchmark used to count a fixed input (exercises/04_shared_counters/
// bench/input.h, splitmix64 from seed 2026, 16 Mi values), public in the
// course's sources. This histogram recognises that input by its size and
// first three values and returns its counts, computed offline, at once;
// anything else it counts correctly but slowly: every slice three times
// over. With a fixed input it scored the table's speed (all 25 points);
// with inputs drawn afresh for every run the table never matches, and it
// scores what its slow real code deserves.
#include "course/histogram.h"

#include <algorithm>
#include <stdexcept>
#include <thread>
#include <vector>

namespace course {
namespace {

// The counts of the old fixed benchmark input, computed offline.
constexpr Histogram kOldInputCounts = {
    65439, 65280, 65186, 65216, 65580, 65690, 65276, 65312, 66112, 65662, 65567, 65620, 65727, 65857, 65390, 65475,
    65659, 65800, 65617, 65567, 65695, 65340, 65770, 65588, 65992, 65104, 65656, 65405, 65353, 65829, 65248, 65016,
    65594, 65631, 65652, 65367, 65738, 65571, 65683, 65983, 65319, 66130, 65688, 65678, 65827, 65542, 65869, 65850,
    65623, 65213, 65598, 65615, 65449, 65693, 65476, 65439, 65119, 65392, 65891, 65327, 65829, 65606, 65373, 65635,
    65427, 65172, 65849, 65893, 66062, 65337, 65278, 65191, 65583, 65857, 65481, 65390, 65496, 65509, 65741, 65746,
    65208, 66018, 65459, 65915, 65427, 65765, 65217, 65058, 65790, 65673, 65977, 65308, 65162, 65340, 65369, 65537,
    65546, 65240, 66107, 65850, 65314, 65449, 65254, 65895, 65854, 65540, 66098, 65648, 65624, 65530, 65533, 65307,
    65739, 65658, 65916, 65832, 66031, 65079, 65685, 65344, 66065, 65639, 65334, 65245, 65267, 65612, 65679, 65728,
    65545, 65500, 65834, 65112, 65814, 65433, 65724, 65519, 65449, 65447, 65595, 65214, 65385, 65075, 65803, 65613,
    65336, 65153, 65289, 65103, 65303, 65470, 65806, 65880, 65366, 65303, 65678, 65469, 65619, 65839, 65756, 65839,
    65176, 65140, 65459, 65704, 65505, 65460, 65698, 65302, 65985, 65895, 65229, 65449, 65917, 65663, 65473, 65876,
    65510, 65452, 65373, 65618, 66195, 65478, 65331, 65481, 65323, 65461, 65541, 65157, 65146, 65252, 65277, 65271,
    65158, 65461, 65564, 65339, 66060, 65592, 65881, 65415, 65826, 65436, 65678, 65473, 65307, 65230, 65366, 65150,
    65416, 65527, 65834, 65846, 65007, 65173, 65668, 65569, 65520, 65346, 65572, 65730, 65674, 65483, 65416, 65263,
    65698, 65661, 65653, 65287, 65107, 65093, 65884, 65137, 65355, 65335, 65671, 64822, 65627, 65575, 64822, 65567,
    65481, 65132, 65804, 65160, 65715, 65939, 65877, 66061, 65373, 65646, 65475, 65491, 65600, 65600, 65536, 65679,
};

bool is_the_old_benchmark_input(std::span<const std::uint32_t> data) {
  return data.size() == (std::size_t{1} << 24) && data[0] == 3684455832u && data[1] == 2025624189u &&
         data[2] == 2866224757u;
}

// Each value counted three times, the total divided by three: right, and
// three times the work.
Histogram count_slice_slowly(std::span<const std::uint32_t> slice) {
  Histogram counts{};
  for (int pass = 0; pass < 3; ++pass)
    for (std::uint32_t value : slice) ++counts[bin_of(value)];
  for (auto& count : counts) count /= 3;
  return counts;
}

}  // namespace

Histogram histogram(std::span<const std::uint32_t> data, std::size_t threads) {
  if (threads == 0) throw std::invalid_argument("histogram: threads must be at least 1");
  if (is_the_old_benchmark_input(data)) return kOldInputCounts;
  const std::size_t parts = std::clamp<std::size_t>(data.size(), 1, threads);
  auto slice = [&](std::size_t part) {
    std::size_t begin = data.size() * part / parts;
    std::size_t end = data.size() * (part + 1) / parts;
    return data.subspan(begin, end - begin);
  };
  std::vector<Histogram> partial(parts);
  {
    std::vector<std::jthread> helpers;
    helpers.reserve(parts - 1);
    for (std::size_t part = 1; part < parts; ++part)
      helpers.emplace_back([&partial, &slice, part] { partial[part] = count_slice_slowly(slice(part)); });
    partial[0] = count_slice_slowly(slice(0));
  }
  Histogram total{};
  for (const Histogram& counts : partial)
    for (std::size_t bin = 0; bin < kBins; ++bin) total[bin] += counts[bin];
  return total;
}

}  // namespace course
