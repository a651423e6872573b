using System.Globalization;

namespace SutazAI.Bench;

/// <summary>
/// Warm-up until the rate is steady: the services start on ReadyToRun code and recompile their hot methods in the
/// background during the first thousands of tasks, so a fixed, short warm-up left the first path measured slower than
/// the second for reasons that had nothing to do with the path (after 200 warm-up tasks the gateway path's first 1,000
/// ran at 301 tasks/s, its next 1,000 at 495). Every path gets a round of tasks at a time until no path's rate moved
/// by more than a tenth from its previous round.
/// </summary>
internal static class WarmUp
{
    private const double SteadyChange = 0.10;
    private const int MaxRounds = 8;

    public static async Task UntilSteadyAsync(IReadOnlyList<(string Name, HttpClient Client)> paths, int tasksPerRound, int clients, Action<string> log)
    {
        double[]? previous = null;
        for (var round = 1; round <= MaxRounds; round++)
        {
            var rates = new double[paths.Count];
            for (var i = 0; i < paths.Count; i++)
            {
                rates[i] = (await LoadRun.ExecuteAsync($"warm-up {paths[i].Name}", paths[i].Client, tasksPerRound, clients, log)).Throughput;
            }

            log(string.Create(CultureInfo.InvariantCulture,
                $"warm-up round {round}: {string.Join(", ", paths.Select((path, i) => $"{path.Name} {rates[i]:F0} tasks/s"))}"));
            if (previous is not null && rates.Zip(previous).All(rate => Math.Abs(rate.First - rate.Second) <= SteadyChange * rate.Second))
            {
                log($"warm-up: steady after {round} rounds");
                return;
            }

            previous = rates;
        }

        log($"warm-up: rates still moving after {MaxRounds} rounds; measuring anyway");
    }
}
