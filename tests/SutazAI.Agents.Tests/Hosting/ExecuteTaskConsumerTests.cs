using System.Text.Json;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using SutazAI.Agents.Hosting;
using SutazAI.Agents.Hosting.Execution;
using SutazAI.Agents.Hosting.Skills;
using SutazAI.Contracts;
using SutazAI.Contracts.Messages;

namespace SutazAI.Agents.Tests.Hosting;

/// <summary>The agent host's consumer on MassTransit's in-memory test harness (the real broker is covered end to end).</summary>
public sealed class ExecuteTaskConsumerTests : IAsyncLifetime
{
    /// <summary>Long beside the echo skill's milliseconds, even on a slow machine.</summary>
    private static readonly TimeSpan StartedReportDelay = TimeSpan.FromSeconds(1);

    private ServiceProvider _provider = null!;
    private ITestHarness _harness = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<ISkill, EchoSkill>()
            .AddSingleton<ISkill, SlowSkill>()
            .AddSingleton<ISkill, QuietSkill>()
            .AddSingleton<ISkill, PickySkill>()
            .AddSingleton<ISkill, HangingSkill>()
            .AddSingleton<ISkill, BrokenSkill>()
            .AddSingleton<SkillRegistry>()
            .AddSingleton<RunningTasks>()
            .AddSingleton<AgentStatistics>();
        services.AddOptions<AgentOptions>().Configure(o =>
        {
            o.Name = "tester";
            o.Timeouts["test.hang"] = TimeSpan.FromMilliseconds(300);
            o.StartedReportDelay = StartedReportDelay;
        });
        services.AddMassTransitTestHarness(bus =>
        {
            bus.AddConsumer<ExecuteTaskConsumer>();
            bus.AddConsumer<CancelTaskConsumer>();
        });
        _provider = services.BuildServiceProvider(validateScopes: true);
        _harness = _provider.GetRequiredService<ITestHarness>();
        await _harness.Start();
    }

    public async Task DisposeAsync()
    {
        await _harness.Stop();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task A_task_done_within_the_started_report_delay_publishes_only_its_outcome_which_carries_its_start()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(Task(id, "test.echo", """{"word":"hello"}"""));

        Assert.True(await _harness.Published.Any<TaskCompleted>(m => m.Context.Message.TaskId == id));
        var completed = _harness.Published.Select<TaskCompleted>(m => m.Context.Message.TaskId == id).Single().Context.Message;
        Assert.Equal("HELLO", completed.Result.GetProperty("echo").GetString());
        Assert.Equal("tester", completed.Agent);
        Assert.InRange(completed.StartedAt, completed.CompletedAt - StartedReportDelay, completed.CompletedAt);
        Assert.False(_harness.Published.Select<TaskProgressed>(m => m.Context.Message.TaskId == id).Any());
    }

    [Fact]
    public async Task A_task_still_running_after_the_delay_says_it_started()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(Task(id, "test.quiet", "{}"));

        Assert.True(await EventuallyAsync(() => _harness.Published.Select<TaskProgressed>(m => m.Context.Message.TaskId == id && m.Context.Message.Message == "started").Any()));
        // Sent only if the skill was still running when the delay was up; a busy machine may see it late, so no more is asserted about when.
        Assert.True(await EventuallyAsync(() => _harness.Published.Select<TaskCompleted>(m => m.Context.Message.TaskId == id).Any()));
        Assert.Single(_harness.Published.Select<TaskProgressed>(m => m.Context.Message.TaskId == id));
    }

    /// <summary>
    /// Polled: the harness's own waits end once the bus has been idle for its short inactivity timeout, which a
    /// quiet task's delay outlasts.
    /// </summary>
    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); !condition(); await System.Threading.Tasks.Task.Delay(50))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public async Task A_task_reporting_progress_at_once_says_it_started_first()
    {
        var id = await CancelSlowTaskOnceItReportsAsync();
        var reports = _harness.Published.Select<TaskProgressed>(m => m.Context.Message.TaskId == id).Select(m => m.Context.Message.Message).ToList();
        Assert.Equal(["started", "waiting"], reports);
    }

    [Fact]
    public async Task An_unknown_capability_fails_the_task()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(Task(id, "test.nothing", "{}"));

        Assert.True(await _harness.Published.Any<TaskFailed>(m => m.Context.Message.TaskId == id));
        var failed = _harness.Published.Select<TaskFailed>(m => m.Context.Message.TaskId == id).Single().Context.Message;
        Assert.Equal(ProblemTypes.UnknownCapability, failed.ErrorType);
    }

    [Fact]
    public async Task Input_the_skill_rejects_fails_with_invalid_input()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(Task(id, "test.picky", """{"word":"no"}"""));

        Assert.True(await _harness.Published.Any<TaskFailed>(m => m.Context.Message.TaskId == id));
        var failed = _harness.Published.Select<TaskFailed>(m => m.Context.Message.TaskId == id).Single().Context.Message;
        Assert.Equal(ProblemTypes.InvalidInput, failed.ErrorType);
        Assert.Contains("longer", failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelTask_stops_a_running_skill()
    {
        var id = await CancelSlowTaskOnceItReportsAsync();
        var failed = _harness.Published.Select<TaskFailed>(m => m.Context.Message.TaskId == id).Single().Context.Message;
        Assert.Equal(ProblemTypes.Cancelled, failed.ErrorType);
        Assert.False(_harness.Published.Select<TaskCompleted>(m => m.Context.Message.TaskId == id).Any());
        Assert.Equal(0, _provider.GetRequiredService<RunningTasks>().Count);
    }

    [Fact]
    public async Task A_task_cancelled_before_it_arrives_is_skipped()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(new CancelTask(id, DateTimeOffset.UtcNow));
        Assert.True(await _harness.Consumed.Any<CancelTask>(m => m.Context.Message.TaskId == id));

        await _harness.Bus.Publish(Task(id, "test.echo", """{"word":"late"}"""));
        Assert.True(await _harness.Consumed.Any<ExecuteTask>(m => m.Context.Message.TaskId == id));
        Assert.False(_harness.Published.Select<TaskProgressed>(m => m.Context.Message.TaskId == id).Any());
        Assert.False(_harness.Published.Select<TaskCompleted>(m => m.Context.Message.TaskId == id).Any());
    }

    [Fact]
    public async Task A_skill_that_ignores_its_token_still_fails_with_a_timeout_and_frees_the_slot()
    {
        var id = Guid.NewGuid();
        var started = DateTime.UtcNow;
        await _harness.Bus.Publish(Task(id, "test.hang", "{}"));

        Assert.True(await _harness.Published.Any<TaskFailed>(m => m.Context.Message.TaskId == id));
        var failed = _harness.Published.Select<TaskFailed>(m => m.Context.Message.TaskId == id).Single().Context.Message;
        Assert.Equal(ProblemTypes.TaskTimeout, failed.ErrorType);
        Assert.Contains("0.3 s", failed.Error, StringComparison.Ordinal);
        Assert.InRange((DateTime.UtcNow - started).TotalSeconds, 0.25, 10);
        Assert.Equal(0, _provider.GetRequiredService<RunningTasks>().Count);
    }

    [Fact]
    public async Task An_unexpected_skill_exception_is_left_to_the_bus_to_retry_and_then_fault()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(Task(id, "test.broken", "{}"));

        Assert.True(await _harness.Published.Any<Fault<ExecuteTask>>(m => m.Context.Message.Message.TaskId == id));
        var fault = _harness.Published.Select<Fault<ExecuteTask>>(m => m.Context.Message.Message.TaskId == id).First().Context.Message;
        Assert.Contains("disk on fire", fault.Exceptions[0].Message, StringComparison.Ordinal);
        Assert.True(await _harness.Published.Any<TaskProgressed>(m => m.Context.Message.TaskId == id && m.Context.Message.Message != null && m.Context.Message.Message.Contains("retrying", StringComparison.Ordinal)));
        Assert.False(_harness.Published.Select<TaskFailed>(m => m.Context.Message.TaskId == id).Any());
    }

    /// <summary>Runs the slow skill until it reports 50 %, cancels it, and waits for its failure.</summary>
    private async Task<Guid> CancelSlowTaskOnceItReportsAsync()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(Task(id, "test.slow", "{}"));
        Assert.True(await _harness.Published.Any<TaskProgressed>(m => m.Context.Message.TaskId == id && m.Context.Message.Percent == 50));

        await _harness.Bus.Publish(new CancelTask(id, DateTimeOffset.UtcNow));

        Assert.True(await _harness.Published.Any<TaskFailed>(m => m.Context.Message.TaskId == id));
        return id;
    }

    private static ExecuteTask Task(Guid id, string capability, string input) =>
        new(id, capability, JsonDocument.Parse(input).RootElement.Clone(), 5, DateTimeOffset.UtcNow);

    public sealed record WordInput(string Word);

    private sealed class EchoSkill : Skill<WordInput, object>
    {
        public override string Capability => "test.echo";

        public override string Description => "Upper-cases a word.";

        protected override string InputSchemaJson => """{"type":"object"}""";

        protected override Task<object> ExecuteAsync(WordInput input, SkillContext context, CancellationToken cancellationToken) =>
            System.Threading.Tasks.Task.FromResult<object>(new { echo = input.Word.ToUpperInvariant() });
    }

    private sealed class PickySkill : Skill<WordInput, object>
    {
        public override string Capability => "test.picky";

        public override string Description => "Wants words of three letters or more.";

        protected override string InputSchemaJson => """{"type":"object"}""";

        protected override Task<object> ExecuteAsync(WordInput input, SkillContext context, CancellationToken cancellationToken) =>
            input.Word.Length < 3
                ? throw new SkillInputException("The word must be three letters or longer.")
                : System.Threading.Tasks.Task.FromResult<object>(input.Word);
    }

    private sealed class SlowSkill : ISkill
    {
        public string Capability => "test.slow";

        public string Description => "Waits until cancelled.";

        public JsonElement InputSchema => JsonDocument.Parse("{}").RootElement;

        public async Task<JsonElement> ExecuteAsync(SkillContext context, CancellationToken cancellationToken)
        {
            await context.ReportProgressAsync(50, "waiting");
            await System.Threading.Tasks.Task.Delay(TimeSpan.FromMinutes(5), cancellationToken);
            return JsonDocument.Parse("{}").RootElement;
        }
    }

    /// <summary>Takes five seconds (five times the start report's delay), saying nothing meanwhile.</summary>
    private sealed class QuietSkill : ISkill
    {
        public string Capability => "test.quiet";

        public string Description => "Works quietly for five seconds.";

        public JsonElement InputSchema => JsonDocument.Parse("{}").RootElement;

        public async Task<JsonElement> ExecuteAsync(SkillContext context, CancellationToken cancellationToken)
        {
            await System.Threading.Tasks.Task.Delay(StartedReportDelay * 5, cancellationToken);
            return JsonDocument.Parse("{}").RootElement;
        }
    }

    /// <summary>Never finishes and never looks at its token.</summary>
    private sealed class HangingSkill : ISkill
    {
        public string Capability => "test.hang";

        public string Description => "Hangs.";

        public JsonElement InputSchema => JsonDocument.Parse("{}").RootElement;

        public Task<JsonElement> ExecuteAsync(SkillContext context, CancellationToken cancellationToken) =>
            new TaskCompletionSource<JsonElement>().Task;
    }

    private sealed class BrokenSkill : ISkill
    {
        public string Capability => "test.broken";

        public string Description => "Always throws.";

        public JsonElement InputSchema => JsonDocument.Parse("{}").RootElement;

        public Task<JsonElement> ExecuteAsync(SkillContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("disk on fire");
    }
}
