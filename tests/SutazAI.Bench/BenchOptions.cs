namespace SutazAI.Bench;

internal sealed record BenchOptions(int Tasks, int Clients, int Warmup, int SoakMinutes, int Rate, int WarmupSeconds, int ProtocolCalls, int KnowledgeChunks, int RecallChunks, int PacedSeconds, int SustainedSteps, int StepSeconds, bool Guard, IReadOnlyList<string> Settings)
{
    public static BenchOptions Parse(string[] args)
    {
        int Read(string name, int fallback)
        {
            var index = Array.IndexOf(args, $"--{name}");
            return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) && value > 0 ? value : fallback;
        }

        return new BenchOptions(Read("tasks", 2000), Read("clients", 32), Read("warmup", 500), Read("soak", 0), Read("rate", 40), Read("warmup-seconds", 60), Read("protocols", 0), Read("knowledge", 0), Read("recall", 0), Read("paced-seconds", 20), Read("sustained-steps", 4), Read("step-seconds", 10), args.Contains("--guard"),
            // AppHost settings for the platform measured, e.g. --setting Runtime:orchestrator:DOTNET_gcServer=1 (repeatable).
            [.. args.Select((arg, i) => (arg, i)).Where(a => a.arg == "--setting" && a.i + 1 < args.Length).Select(a => args[a.i + 1])]);
    }
}
